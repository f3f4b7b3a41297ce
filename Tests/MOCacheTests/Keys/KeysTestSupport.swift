import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// Runs `body`, expects it to throw an ``MOCacheError`` with code `invalidConfig` whose message
/// names `path` and contains `reason`, and returns the error.
@discardableResult
func expectInvalidConfig(
    at path: String, mentioning reason: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> MOCacheError? {
    let error = #expect(throws: MOCacheError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return nil }
    #expect(error.code == .invalidConfig, sourceLocation: sourceLocation)
    #expect(
        error.message.hasPrefix("The JSON value at \(path) cannot be canonicalized: "),
        "message: \(error.message)", sourceLocation: sourceLocation)
    #expect(error.message.contains(reason), "message: \(error.message)", sourceLocation: sourceLocation)
    return error
}

/// Parses UTF-8 bytes.
func parse(bytes: [UInt8]) throws -> JSONValue {
    try JSONValue(parsing: Data(bytes))
}

/// A fresh temporary folder, removed by the caller with `FileManager.removeItem`.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("mocache-keys-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// `count` pseudo-random bytes from a seed.
func randomBytes(count: Int, seed: UInt64) -> [UInt8] {
    var generator = SplitMix64(seed: seed)
    var bytes = [UInt8](repeating: 0, count: count)
    var index = 0
    while index < count {
        var word = generator.next()
        for _ in 0..<8 where index < count {
            bytes[index] = UInt8(truncatingIfNeeded: word)
            word >>= 8
            index += 1
        }
    }
    return bytes
}
