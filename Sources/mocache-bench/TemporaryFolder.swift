import Foundation

/// A fresh folder for one scenario's files (databases, datasets), removed when the scenario ends.
struct TemporaryFolder: Sendable {
    /// The folder's absolute path.
    let path: String

    /// Makes `mocache-bench-XXXXXX` inside `root`.
    init(root: String) throws {
        let template = (root as NSString).appendingPathComponent("mocache-bench-XXXXXX")
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else {
            throw BenchError("cannot create a temporary folder in \(root): \(String(cString: strerror(errno)))")
        }
        path = String(decoding: bytes.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A path inside the folder.
    func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// Removes the folder and everything in it.
    func remove() {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            Progress.say("could not remove \(path): \(error)")
        }
    }

    /// Runs `body` with a fresh folder, removing it afterwards whatever happens.
    static func with<T>(root: String, _ body: (TemporaryFolder) async throws -> T) async throws -> T {
        let folder = try TemporaryFolder(root: root)
        defer { folder.remove() }
        return try await body(folder)
    }
}
