import Foundation
import MOCache

/// Finds a sweep's commands before anything runs, so that a typo fails at once and not after the
/// first cells have trained.
enum CommandLookup {
    /// Checks that `command`'s program exists: a path (with a `/`) must be an executable file; a name
    /// must be an executable file in one of `PATH`'s folders.
    ///
    /// - Parameters:
    ///   - command: The command and its arguments.
    ///   - member: Where it was given (`train.command`), for the error.
    ///   - source: The sweep file, for the error.
    /// - Throws: ``MOCacheError`` with code `invalid_config` naming the program and what to do.
    static func check(_ command: [String], member: String, source: String) throws {
        guard let program = command.first else { return }
        if program.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: program) else {
                throw MOCacheError(
                    .invalidConfig,
                    "\(source): \(member): \(program) is not an executable file; check the path "
                        + "(relative paths are from the folder mocache runs in) and its x bit.",
                    path: source)
            }
            return
        }
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let found = folders.contains { folder in
            FileManager.default.isExecutableFile(atPath: (folder.isEmpty ? "." : folder) + "/" + program)
        }
        guard found else {
            throw MOCacheError(
                .invalidConfig,
                "\(source): \(member): the command \(program) was not found on PATH; install it, or give its "
                    + "path (./\(program)).",
                path: source)
        }
    }
}
