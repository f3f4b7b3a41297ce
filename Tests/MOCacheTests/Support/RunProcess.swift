import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a child process ended, with everything it printed.
struct ProcessResult: Sendable, CustomStringConvertible {
    /// The exit status, or 128 + the signal number when a signal ended it.
    let exitCode: Int32
    /// Everything written to standard output, as UTF-8 text.
    let stdout: String
    /// Everything written to standard error, as UTF-8 text.
    let stderr: String
    /// Whether the process was killed for running past its timeout.
    let timedOut: Bool

    /// The `mocache-error: <code>` name the test worker prints last on stderr when a ``MOCacheError``
    /// ended it, or `nil`.
    var mocacheErrorCode: String? {
        stderr.split(separator: "\n").last { $0.hasPrefix("mocache-error: ") }
            .map { String($0.dropFirst("mocache-error: ".count)) }
    }

    /// The value of the first stdout line `name=value`, or `nil`.
    func value(_ name: String) -> String? {
        stdout.split(separator: "\n").first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
    }

    var description: String {
        "exit \(exitCode)\(timedOut ? " (timed out)" : "")\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }
}

/// Which user a child process runs as.
enum ProcessUser: Sendable {
    /// The user running the tests.
    case current
    /// `nobody` (uid and gid 65534, no supplementary groups), through `setpriv`. Only root can do this.
    case nobody
}

/// Runs a program to its end and returns its exit code and output. Never hangs: after `timeout` seconds
/// the process is killed (`SIGKILL`) and the result says ``ProcessResult/timedOut``.
///
/// The output is read while the process runs, so a chatty process never blocks on a full pipe. The
/// blocking waits happen on threads of their own, not on Swift's cooperative pool, so dozens of processes
/// can run at once.
///
/// - Parameters:
///   - executable: The program's path, such as ``testWorker`` or `/usr/bin/sqlite3`.
///   - arguments: Its arguments.
///   - environment: Variables added to (or replacing those of) the test process's environment.
///   - stdin: What the process reads on standard input; it sees end-of-file after it. `nil` gives it
///     an empty input.
///   - timeout: Seconds before the process is killed.
///   - asUser: ``ProcessUser/nobody`` runs it as `nobody`, to meet file permissions that do not stop
///     root. See ``runAsNobodyIfRoot(executable:arguments:environment:stdin:timeout:)``.
func runProcess(
    executable: String, arguments: [String] = [], environment: [String: String] = [:], stdin: Data? = nil,
    timeout: TimeInterval = 60, asUser: ProcessUser = .current
) async throws -> ProcessResult {
    let process = Process()
    switch asUser {
    case .current:
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
    case .nobody:
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", executable] + arguments
    }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()

    return await withCheckedContinuation { continuation in
        let collected = ProcessOutputCollector()
        let group = DispatchGroup()
        func onThread(_ body: @escaping @Sendable () -> Void) {
            group.enter()
            Thread {
                body()
                group.leave()
            }.start()
        }
        let outputReader = output.fileHandleForReading
        let errorReader = errors.fileHandleForReading
        let inputWriter = input.fileHandleForWriting
        onThread { collected.setStdout(outputReader.readDataToEndOfFile()) }
        onThread { collected.setStderr(errorReader.readDataToEndOfFile()) }
        onThread {
            if let stdin, !stdin.isEmpty { try? inputWriter.write(contentsOf: stdin) }
            try? inputWriter.close()
        }
        let pid = process.processIdentifier
        let finished = DispatchSemaphore(value: 0)
        onThread {
            process.waitUntilExit()
            finished.signal()
        }
        Thread {
            if finished.wait(timeout: .now() + timeout) == .timedOut {
                collected.markTimedOut()
                kill(pid, SIGKILL)
            }
        }.start()
        group.notify(queue: .global()) {
            let exitCode =
                process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus : process.terminationStatus
            continuation.resume(returning: collected.result(exitCode: exitCode))
        }
    }
}

/// Runs a program as `nobody` when the tests run as root, and as the current user otherwise.
///
/// Root ignores file permissions, so a test that needs a read-only file or folder to really be read-only
/// runs the code under test in a child process this way. The files it reads must be reachable by
/// `nobody`: ``TemporaryDirectory`` folders are.
func runAsNobodyIfRoot(
    executable: String, arguments: [String] = [], environment: [String: String] = [:], stdin: Data? = nil,
    timeout: TimeInterval = 60
) async throws -> ProcessResult {
    try await runProcess(
        executable: executable, arguments: arguments, environment: environment, stdin: stdin, timeout: timeout,
        asUser: getuid() == 0 ? .nobody : .current)
}

/// What a child process printed, gathered from the threads that read its pipes.
///
/// `@unchecked Sendable` is safe: every field is read and written under `lock`.
private final class ProcessOutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stdout = Data()
    private var stderr = Data()
    private var timedOut = false

    func setStdout(_ data: Data) { lock.withLock { stdout = data } }
    func setStderr(_ data: Data) { lock.withLock { stderr = data } }
    func markTimedOut() { lock.withLock { timedOut = true } }

    func result(exitCode: Int32) -> ProcessResult {
        lock.withLock {
            ProcessResult(
                exitCode: exitCode, stdout: String(decoding: stdout, as: UTF8.self),
                stderr: String(decoding: stderr, as: UTF8.self), timedOut: timedOut)
        }
    }
}
