import Foundation

/// Runs other programs: openssl, the `mocache` CLI, and this benchmark as a worker.
enum ChildProcess {
    /// Runs `executable` with `arguments`, waits, and returns its stdout; throws on a non-zero exit.
    ///
    /// A name without a slash is looked up in `PATH`.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws
        -> String
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try resolve(executable))
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both pipes to the end before waiting, so a chatty child never blocks on a full pipe.
        let errors = DataBox()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            errors.data = stderr.fileHandleForReading.readDataToEndOfFile()
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.data, as: UTF8.self)
            throw BenchError(
                "\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus): \(message)"
            )
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The absolute path of `executable`, searching `PATH` for a bare name.
    static func resolve(_ executable: String) throws -> String {
        if executable.contains("/") { return executable }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw BenchError("\(executable) is not in PATH")
    }
}
