import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A new empty folder under the system's temporary folder, removed with everything in it when the value
/// goes away.
///
/// The folder is made traversable by every user (mode 0755), so that a child process started as
/// `nobody` (see ``runAsNobodyIfRoot(executable:arguments:environment:stdin:timeout:)``) can reach the
/// files in it. Removal first makes everything writable again, so a test may leave read-only files and
/// folders behind.
///
/// ```swift
/// let folder = try TemporaryDirectory()
/// let store = try await SQLiteCacheBackend(path: folder.path("cache.sqlite"))
/// ```
final class TemporaryDirectory: Sendable {
    /// The folder.
    let url: URL

    /// Makes the folder; its name starts with `prefix`.
    init(prefix: String = "mocache-test") throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/\(prefix)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "mkdtemp failed: \(errno)"])
        }
        chmod(made, 0o755)
        url = URL(fileURLWithPath: made, isDirectory: true)
    }

    deinit {
        Self.makeWritable(url.path)
        try? FileManager.default.removeItem(at: url)
    }

    /// The folder's path.
    var path: String { url.path }

    /// The path of `name` inside the folder (which need not exist).
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Gives the owner write permission on `path` and, for a folder, on everything inside it.
    private static func makeWritable(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { return }
        chmod(path, info.st_mode & 0o7777 | 0o700)
        guard info.st_mode & S_IFMT == S_IFDIR else { return }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            makeWritable(path + "/" + name)
        }
    }
}
