import Foundation
import MOCacheCore

/// One run of a user's command as a job: started at once, finished by reading its last stdout line.
///
/// Owns the ``ChildProcess``, the run's ``JobDocuments`` and the task that waits for the child, so that
/// ``result()`` can be awaited any number of times, a timeout or ``cancel()`` ends the command's whole
/// process group, and the documents' folder goes once the command ended.
final class ProcessJob: Sendable {
    /// The command as the user gave it, for error messages.
    let commandLine: String
    /// The child's process id.
    var pid: pid_t { child.pid }

    private let child: ChildProcess
    private let cancelled = Locked(false)
    private let ended = Locked(false)
    private let outcome: Task<[String: JSONValue], any Error>

    /// Starts `command` with the backend's variables and documents for this run and the given standard
    /// input.
    ///
    /// - Parameters:
    ///   - command: The command and how it runs (working directory, environment, time limit, echo).
    ///   - variables: The backend's short variables for this run, such as `MOCACHE_TASK`.
    ///   - documents: The backend's JSON documents for this run by name in capitals (`CONFIG`), passed
    ///     as files (see ``JobDocuments``).
    ///   - input: The JSON document written to the command's standard input.
    init(
        _ command: ProcessCommand, variables: [String: String], documents: [String: String], input: JSONValue
    ) async throws {
        let commandLine = command.commandLine
        let timeout = command.timeout
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let standardInput = try encoder.encode(input) + Data("\n".utf8)
        let files = try JobDocuments(documents: documents, values: variables)
        var environment = command.environment(adding: files.variables, to: ProcessInfo.processInfo.environment)
        for name in files.omitted { environment[name] = nil }
        let child: ChildProcess
        do {
            child = try await ChildProcess.start(
                arguments: command.arguments, environment: environment, workingDirectory: command.workingDirectory,
                standardInput: standardInput, echoOutput: command.echoOutput)
        } catch {
            files.remove()
            throw error
        }
        let cancelled = self.cancelled
        let ended = self.ended
        self.commandLine = commandLine
        self.child = child
        self.outcome = Task {
            let timer = timeout.map { timeout in
                Task {
                    try await Task.sleep(for: timeout)
                    child.terminate()
                }
            }
            let termination = await child.waitForExit()
            timer?.cancel()
            files.remove()
            ended.withLock { $0 = true }
            return try Self.resultObject(
                of: termination, command: commandLine, cancelled: cancelled.value, timeout: timeout)
        }
    }

    /// The JSON object the command printed on its last line.
    ///
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/jobFailed`` (non-zero exit, killed, no JSON
    ///   object on the last line), ``MOCacheError/Code/timedOut`` or ``MOCacheError/Code/cancelled``.
    func result() async throws -> [String: JSONValue] {
        try await outcome.value
    }

    /// Whether the command has ended.
    var hasEnded: Bool { ended.value }

    /// Ends the command's process group; ``result()`` then throws a cancellation error.
    func cancel() {
        cancelled.withLock { $0 = true }
        child.terminate()
    }

    /// Reads the result of a finished command: a pure function of how it ended and what it printed.
    static func resultObject(
        of termination: ChildProcess.Termination, command: String, cancelled: Bool, timeout: Duration?
    ) throws -> [String: JSONValue] {
        let stderrTail = String(decoding: termination.standardErrorTail, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let stderrNote = stderrTail.isEmpty ? "" : "\nLast lines of its standard error:\n\(lastLines(stderrTail, 20))"
        if cancelled {
            throw MOCacheError(.cancelled, "`\(command)` was cancelled.")
        }
        if termination.wasTerminated, let timeout {
            throw MOCacheError(
                .timedOut,
                "`\(command)` ran longer than its time limit of \(timeout) and was stopped with its "
                    + "process group. Raise the timeout if the job needs longer.\(stderrNote)")
        }
        if let failure = termination.failure {
            throw MOCacheError(.jobFailed, "`\(command)` could not be followed to its end: \(failure).\(stderrNote)")
        }
        if let signal = termination.signal {
            throw MOCacheError(.jobFailed, "`\(command)` was killed by signal \(signal).\(stderrNote)")
        }
        if let code = termination.exitCode, code != 0 {
            throw MOCacheError(.jobFailed, "`\(command)` exited with status \(code).\(stderrNote)")
        }
        // Lines end at "\n" or "\r" only: a U+2028 inside a JSON string does not split a line, and the
        // bytes are parsed as they are, so invalid UTF-8 is refused, never rewritten to U+FFFD.
        let lastLine = Self.lines(of: termination.standardOutput).last { line in
            !line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
        }
        guard let lastLine else {
            throw MOCacheError(
                .jobFailed,
                "`\(command)` exited 0 but printed nothing on standard output; its last line must be a JSON "
                    + "object (see the README's process backend contract).\(stderrNote)")
        }
        let shown = String(decoding: lastLine.prefix(200), as: UTF8.self)
        let value: JSONValue
        do {
            value = try JSONValue(parsingDocument: Data(lastLine), code: .jobFailed)
        } catch let error as MOCacheError {
            throw MOCacheError(
                .jobFailed,
                "`\(command)` must print a JSON object in UTF-8 as its last line of standard output, but printed "
                    + "`\(shown)` (\(error.message)).\(stderrNote)")
        }
        guard case .object(let object) = value else {
            throw MOCacheError(
                .jobFailed,
                "`\(command)` must print a JSON object as its last line of standard output, but printed "
                    + "`\(shown)`.\(stderrNote)")
        }
        return object
    }

    /// The lines of `output`: split at `\n` and `\r` (neither can appear raw inside a JSON document), and
    /// nowhere else.
    static func lines(of output: some Collection<UInt8>) -> [ArraySlice<UInt8>] {
        Array(output).split(omittingEmptySubsequences: false) { $0 == 0x0A || $0 == 0x0D }
    }

    private static func lastLines(_ text: String, _ count: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
    }
}
