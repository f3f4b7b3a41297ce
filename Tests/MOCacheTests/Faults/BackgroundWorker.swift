import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A test worker running in the background, for a test to watch and kill.
///
/// It owns the child process. Its stdout and stderr go to files in a folder (`NAME.out`, `NAME.err`),
/// so what it printed before a `kill -9` stays readable; the worker writes each line with one
/// `write(2)`, so a printed line is in the file the moment the call returns.
final class BackgroundWorker {
    /// The file its stdout goes to.
    let outputPath: String
    /// The file its stderr goes to.
    let errorPath: String
    private let process = Process()

    /// Starts `mocache-test-worker` with `arguments`.
    init(_ arguments: [String], in folder: TemporaryDirectory, name: String) throws {
        outputPath = folder.path(name + ".out")
        errorPath = folder.path(name + ".err")
        for file in [outputPath, errorPath] {
            guard FileManager.default.createFile(atPath: file, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file])
            }
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        defer {
            try? output.close()
            try? errors.close()
        }
        process.executableURL = URL(fileURLWithPath: testWorker)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Whether it is still running.
    var isRunning: Bool { process.isRunning }

    /// What it printed on stdout so far.
    func output() -> String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// What it printed on stderr so far.
    func errors() -> String {
        (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    }

    /// Waits until it printed the line `line`; `false` when it ended or `timeout` passed first.
    func waitForLine(_ line: String, timeout: TimeInterval) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if output().split(separator: "\n").contains(Substring(line)) { return true }
            if !process.isRunning { return output().split(separator: "\n").contains(Substring(line)) }
            try await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    /// Sends it `SIGKILL`.
    func sendKill() {
        _ = kill(process.processIdentifier, SIGKILL)
    }

    /// Waits until it ended, polling; `false` when it still runs after `timeout`.
    func waitForExit(timeout: TimeInterval) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Whether it ended because of `SIGKILL` (only meaningful once it ended).
    var wasKilled: Bool {
        process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    deinit {
        if process.isRunning { sendKill() }
    }
}
