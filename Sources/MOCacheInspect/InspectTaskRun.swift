import Foundation
import MOCacheCore
import MOCacheProcess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run of `inspect eval FILE@TASK` as a child process in a process group of its own.
///
/// Owns the ``ChildProcess``, a temporary folder (inspect's `XDG_DATA_HOME`, and its log folder unless
/// the backend keeps logs elsewhere) that goes once the run has been read, and the task that waits for
/// the child, so that a timeout or ``cancel()`` ends inspect and everything it started.
final class InspectTaskRun: Sendable {
    private let child: ChildProcess
    private let cancelled = Locked(false)
    private let outcome: Task<EvalTaskResult, any Error>

    /// Starts inspect for one task.
    ///
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/jobFailed`` when the task file changed since the
    ///   request was made or the program cannot be started.
    init(
        backend: InspectEvalBackend, program: String, task: InspectTaskReference, modelID: String,
        parameters: InspectEvalParameters
    ) async throws {
        if let expected = parameters.taskFileSHA256 {
            let actual = try InspectTaskFile.sha256(of: task, workingDirectory: backend.workingDirectory)
            guard actual == expected else {
                throw MOCacheError(
                    .jobFailed,
                    "The task file \(task.file) changed since the request was made (its SHA-256 is now "
                        + "\(actual.prefix(12))…, the request has \(expected.prefix(12))…): make the request again.",
                    path: task.file)
            }
        }
        let folder = try InspectTaskRun.makeFolder()
        let logDirectory = backend.logDirectory ?? folder + "/logs"
        var arguments = [program, "eval", task.description, "--model", modelID]
        arguments += parameters.taskArgumentFlags
        if let limit = parameters.limit { arguments += ["--limit", "\(limit)"] }
        if let epochs = parameters.epochs { arguments += ["--epochs", "\(epochs)"] }
        arguments += [
            "--log-dir", logDirectory, "--log-format", "json", "--json", "--no-fail-on-error",
        ]
        var environment = ProcessInfo.processInfo.environment.merging(backend.environment) { $1 }
        environment["XDG_DATA_HOME"] = folder + "/data"
        let child: ChildProcess
        do {
            child = try await ChildProcess.start(
                arguments: arguments, environment: environment, workingDirectory: backend.workingDirectory,
                standardInput: Data(), echoOutput: backend.echoOutput)
        } catch {
            InspectTaskRun.remove(folder)
            throw error
        }
        self.child = child
        let cancelled = self.cancelled
        let timeout = backend.timeout
        let keepsLogs = backend.logDirectory != nil
        outcome = Task {
            let timer = timeout.map { timeout in
                Task {
                    try await Task.sleep(for: timeout)
                    child.terminate()
                }
            }
            let termination = await child.waitForExit()
            timer?.cancel()
            defer { InspectTaskRun.remove(folder) }
            if cancelled.value { throw MOCacheError(.cancelled, "`inspect eval \(task)` was cancelled.") }
            let location = try InspectTaskRun.logLocation(of: termination, task: task, timeout: timeout)
            let log: JSONValue
            do {
                log = try JSONValue(parsing: try Data(contentsOf: URL(fileURLWithPath: location)))
            } catch {
                throw MOCacheError(
                    .jobFailed, "Cannot read inspect's log of \(task) at \(location): \(error)", path: location)
            }
            let result = try InspectLog.result(of: log, task: task, parameters: parameters)
            return EvalTaskResult(
                metrics: result.metrics, sampleCount: result.sampleCount, logPath: keepsLogs ? location : nil)
        }
    }

    /// The task's result, once inspect has ended.
    func result() async throws -> EvalTaskResult {
        try await outcome.value
    }

    /// Ends inspect's process group; ``result()`` then throws a cancellation error.
    func cancel() {
        cancelled.withLock { $0 = true }
        child.terminate()
    }

    /// Where the log is, from how inspect ended and what it printed: a pure function.
    static func logLocation(of termination: ChildProcess.Termination, task: InspectTaskReference, timeout: Duration?)
        throws -> String
    {
        let errors = String(decoding: termination.standardErrorTail, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let note = errors.isEmpty ? "" : "\nLast lines of its standard error:\n\(lastLines(errors, 20))"
        if termination.wasTerminated, let timeout {
            throw MOCacheError(
                .timedOut,
                "`inspect eval \(task)` ran longer than its time limit of \(timeout) and was stopped with its "
                    + "process group. Raise the timeout if the task needs longer.\(note)")
        }
        if let failure = termination.failure {
            throw MOCacheError(
                .jobFailed, "`inspect eval \(task)` could not be followed to its end: \(failure).\(note)")
        }
        if let signal = termination.signal {
            throw MOCacheError(.jobFailed, "`inspect eval \(task)` was killed by signal \(signal).\(note)")
        }
        if let code = termination.exitCode, code != 0 {
            if errors.contains("Task named '\(task.name)' not found") {
                throw MOCacheError(
                    .invalidInput,
                    "There is no task named \(task.name) in \(task.file) (inspect: \"Task named '\(task.name)' not "
                        + "found\"). Check the name after the @: it is the name of a function decorated with @task.",
                    path: task.file)
            }
            throw MOCacheError(.jobFailed, "`inspect eval \(task)` exited with status \(code).\(note)")
        }
        return try InspectLog.location(
            fromOutput: String(decoding: termination.standardOutput, as: UTF8.self), task: task)
    }

    private static func lastLines(_ text: String, _ count: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
    }

    /// A new empty folder, mode 0700, under the temporary folder.
    private static func makeFolder() throws -> String {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("mocache-inspect-XXXXXX").path
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else {
            let reason = String(cString: strerror(errno))
            throw MOCacheError(
                .jobFailed,
                "Cannot make a folder for inspect's data next to \(template): \(reason). Check the free space and "
                    + "permissions of the temporary folder (TMPDIR).")
        }
        return made
    }

    private static func remove(_ folder: String) {
        // Our own temporary folder: one that cannot be removed costs space in TMPDIR, never a result.
        try? FileManager.default.removeItem(atPath: folder)
    }
}
