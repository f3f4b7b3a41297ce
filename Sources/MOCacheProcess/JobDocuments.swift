import Foundation
import MOCacheCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The JSON documents of one run of a command, in files, and the `MOCACHE_*` variables of that run.
///
/// Owns a folder of its own under the temporary folder (mode 0700: a configuration may hold what other
/// users should not read), which ``remove()`` deletes once the run ended. Documents are passed by file
/// (and on standard input) because the kernel refuses to start a program whose environment is large: one
/// variable over 128 KiB, or all of them with the arguments over about 2 MiB, fail with "Argument list
/// too long". A document or value of at most ``inlineLimit`` bytes is also put in the environment.
struct JobDocuments: Sendable {
    /// The longest value put in the environment, in UTF-8 bytes.
    static let inlineLimit = 32 << 10

    /// The folder holding the documents' files.
    let folder: String
    /// The variables of the run: each value of at most ``inlineLimit`` bytes as it is, and for each
    /// document `MOCACHE_<NAME>_FILE` (its file) and, when it is short enough, `MOCACHE_<NAME>_JSON`.
    let variables: [String: String]
    /// The variables of the contract that this run leaves out because their values are too long; they
    /// must not reach the command from the inherited environment either.
    let omitted: Set<String>

    /// Writes each document to `<folder>/<name>.json` and makes the run's variables.
    ///
    /// - Parameters:
    ///   - documents: The documents by name in capitals, such as `CONFIG`, as JSON text.
    ///   - values: Other variables of the run, such as `MOCACHE_TASK`.
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/jobFailed`` when the folder or a file cannot be
    ///   written.
    init(documents: [String: String], values: [String: String]) throws {
        folder = try Self.makeFolder()
        var variables: [String: String] = [:]
        var omitted: Set<String> = []
        func add(_ name: String, _ value: String) {
            if value.utf8.count <= Self.inlineLimit {
                variables[name] = value
            } else {
                omitted.insert(name)
            }
        }
        for (name, value) in values { add(name, value) }
        for (name, text) in documents {
            let path = folder + "/\(name.lowercased()).json"
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                try? FileManager.default.removeItem(atPath: folder)  // our own temporary folder: nothing to keep
                throw MOCacheError(
                    .jobFailed,
                    "Cannot write the job's \(name.lowercased()) to \(path): \(error.localizedDescription). "
                        + "Check the free space and permissions of the temporary folder (TMPDIR).",
                    path: path)
            }
            variables["MOCACHE_\(name)_FILE"] = path
            add("MOCACHE_\(name)_JSON", text)
        }
        self.variables = variables
        self.omitted = omitted
    }

    /// Deletes the folder and the documents in it.
    func remove() {
        // A temporary folder that cannot be removed costs disk space in TMPDIR, never a result.
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A new empty folder, mode 0700, under the temporary folder.
    private static func makeFolder() throws -> String {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("mocache-job-XXXXXX").path
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else {
            let reason = String(cString: strerror(errno))
            throw MOCacheError(
                .jobFailed,
                "Cannot make a folder for the job's documents next to \(template): \(reason). Check the free "
                    + "space and permissions of the temporary folder (TMPDIR).")
        }
        return made
    }
}
