import Foundation
import GRDB

/// Direct SQL on a database file, bypassing the store: to set up states the store would never make
/// (an old schema, damaged rows) and to check what the store really wrote.
///
/// It opens its own GRDB connection (one `DatabaseQueue`) with a 5 s busy timeout, runs `body`, and
/// closes the connection, which checkpoints the write-ahead log when it is the last one.
func withRawDatabase<T>(_ path: String, readOnly: Bool = false, _ body: (Database) throws -> T) throws -> T {
    var configuration = Configuration()
    configuration.readonly = readOnly
    configuration.busyMode = .timeout(5)
    let queue = try DatabaseQueue(path: path, configuration: configuration)
    defer { try? queue.close() }
    return try queue.inDatabase(body)
}

/// The bytes of a file, to check that an operation left it byte-for-byte unchanged.
func fileBytes(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}

/// Whether something exists at `path` (a file, folder or link).
func fileExists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
}
