import Foundation
import MOCache
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

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
    /// `nobody` (uid and gid 65534, no supplementary groups). Only root can do this.
    case nobody
}

/// The most output ``runProcess(executable:arguments:environment:stdin:timeout:asUser:)`` keeps of each
/// stream.
private let outputLimit = 256 << 20

/// How the tests start a program with swift-subprocess: `environment` added to (or replacing variables
/// of) the test process's environment, as `user`.
func processConfiguration(
    executable: String, arguments: [String], environment: [String: String], asUser user: ProcessUser
) -> Configuration {
    var program = executable
    var programArguments = arguments
    if case .nobody = user {
        // Through setpriv rather than swift-subprocess's own user and group options: those make it fork the
        // test process, which runs hundreds of threads, and a forked child can hang before it reaches exec
        // (seen here in the full suite: the launch never returned). setpriv is started like any program.
        program = "/usr/bin/setpriv"
        programArguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", executable] + arguments
    }
    let variables = Dictionary(
        uniqueKeysWithValues: environment.compactMap { name, value in
            Environment.Key(rawValue: name).map { ($0, Optional(value)) }
        })
    return Configuration(
        executable: .path(FilePath(program)), arguments: Arguments(programArguments),
        environment: .inherit.updating(variables))
}

/// Runs a program to its end and returns its exit code and output. Never hangs: after `timeout` seconds
/// the process is killed (`SIGKILL`) and the result says ``ProcessResult/timedOut``; helpers it left
/// holding its output open are not waited for once it has exited.
///
/// The program is started and watched with swift-subprocess, whose asynchronous I/O reads the output
/// while it runs, so a chatty process never blocks on a full pipe and dozens of processes can run at once
/// without holding threads.
///
/// - Parameters:
///   - executable: The program's path, such as ``testWorker`` or `/usr/bin/sqlite3`.
///   - arguments: Its arguments.
///   - environment: Variables added to (or replacing those of) the test process's environment.
///   - stdin: What the process reads on standard input; it sees end-of-file after it (or when it stops
///     reading). `nil` gives it an empty input.
///   - timeout: Seconds before the process is killed.
///   - asUser: ``ProcessUser/nobody`` runs it as `nobody`, to meet file permissions that do not stop
///     root. See ``runAsNobodyIfRoot(executable:arguments:environment:stdin:timeout:)``.
func runProcess(
    executable: String, arguments: [String] = [], environment: [String: String] = [:], stdin: Data? = nil,
    timeout: TimeInterval = 60, asUser: ProcessUser = .current
) async throws -> ProcessResult {
    ignoreBrokenPipes
    let configuration = processConfiguration(
        executable: executable, arguments: arguments, environment: environment, asUser: asUser)
    let timedOut = Locked(false)
    return try await withThrowingTaskGroup(of: ProcessResult?.self) { group in
        group.addTask {
            let result = try await Subprocess.run(
                configuration, input: .inputWriter, output: .bytes(limit: outputLimit),
                error: .bytes(limit: outputLimit)
            ) { execution in
                await feed(stdin ?? Data(), to: execution.standardInputWriter)
            }
            let exitCode: Int32
            switch result.terminationStatus {
            case .exited(let code): exitCode = code
            case .signaled(let signal): exitCode = 128 + signal
            }
            return ProcessResult(
                exitCode: exitCode, stdout: String(decoding: result.standardOutput, as: UTF8.self),
                stderr: String(decoding: result.standardError, as: UTF8.self), timedOut: timedOut.value)
        }
        group.addTask {
            try await Task.sleep(for: .seconds(timeout))
            timedOut.withLock { $0 = true }
            return nil
        }
        while let finished = try await group.next() {
            // Either the program ended (stop the timer), or the timer did: cancelling the run makes
            // swift-subprocess kill the program, and the run then returns how it ended.
            group.cancelAll()
            if let finished { return finished }
        }
        throw CancellationError()
    }
}

/// Writes `input` to a program's standard input and closes it; a program that stops reading early gets
/// the rest no more.
private func feed(_ input: Data, to writer: StandardInputWriter) async {
    do {
        if !input.isEmpty { _ = try await writer.write(input) }
        try await writer.finish()
    } catch {
        // The program closed its standard input (EPIPE) or ended: what it read is what the test checks.
    }
}

/// Writing to a program that stopped reading must be an error, not a signal that ends the tests.
private let ignoreBrokenPipes: Void = {
    signal(SIGPIPE, SIG_IGN)
}()

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
