import Foundation

/// The system's program for opening a file with its default application: `open` on macOS,
/// `xdg-open` elsewhere, found in `PATH`.
///
/// Used by `mocache report --open`. The opener runs as a child process that shares this process's
/// terminal; the command waits for it (most openers hand the file to a running browser and return).
package struct SystemOpener: Sendable {
    /// The opener's name.
    #if os(macOS)
        package static let name = "open"
    #else
        package static let name = "xdg-open"
    #endif

    /// The opener's path.
    package let path: String

    /// The opener found in `searchPath` (a `PATH` value), or `nil` when there is none.
    package static func find(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> SystemOpener? {
        for folder in (searchPath ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return SystemOpener(path: candidate) }
        }
        return nil
    }

    /// Opens `file` and returns the opener's exit status.
    ///
    /// - Throws: The error of starting the opener (a file that is no longer there, say).
    package func open(_ file: String) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [file]
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}
