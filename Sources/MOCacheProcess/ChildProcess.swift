import Foundation
import MOCacheCore
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

/// A command running as a child process in a process group of its own, started with swift-subprocess.
///
/// Owns the running command, the task that feeds its standard input and reads its output, and the ending
/// of its process group. ``terminate()`` (a timeout, a cancellation) ends the whole group, helpers the
/// command started included, even those that ignore SIGTERM and outlive the command itself;
/// ``waitForExit()`` returns only once that is done. Output is read with swift-subprocess's asynchronous
/// I/O and the child is watched by its monitor, so no thread of Swift's cooperative pool waits on a pipe
/// or a process.
package final class ChildProcess: Sendable {
    /// How a finished child ended and what it printed.
    package struct Termination: Sendable {
        /// The exit code, when the child exited by itself.
        package let exitCode: Int32?
        /// The signal that ended the child, when one did.
        package let signal: Int32?
        /// The last part of standard output (up to ``outputLimit`` bytes).
        package let standardOutput: Data
        /// The last part of standard error (up to ``errorLimit`` bytes).
        package let standardErrorTail: Data
        /// Whether the child was ended by ``terminate()`` or a timeout rather than by itself.
        package let wasTerminated: Bool
        /// What went wrong while the child's output was read or the child was watched, if anything did.
        package let failure: String?
    }

    /// The most standard output kept: the result line is the last one, so the head can go.
    static let outputLimit = 1 << 20
    /// The most standard error kept for error messages.
    static let errorLimit = 8 << 10

    /// The child's process id, which is also its process group id.
    package let pid: pid_t

    private let group: ProcessGroup
    private let outcome: Task<Termination, Never>

    /// Starts `arguments[0]` (searched in `PATH` when it has no slash) with the other arguments, and
    /// returns once it runs.
    ///
    /// - Parameters:
    ///   - arguments: The command and its arguments.
    ///   - environment: The whole environment of the child.
    ///   - workingDirectory: Where the child starts, or the current directory.
    ///   - standardInput: Bytes written to the child's standard input, which is then closed.
    ///   - echoOutput: Copy the child's standard output and error to this process's standard error as
    ///     they arrive, so a person sees a long job's progress.
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/invalidInput`` when there is no command, and
    ///   ``MOCacheError/Code/jobFailed`` when it cannot be started.
    package static func start(
        arguments: [String], environment: [String: String], workingDirectory: String?,
        standardInput: Data, echoOutput: Bool
    ) async throws -> ChildProcess {
        guard let command = arguments.first, !command.isEmpty else {
            throw MOCacheError(
                .invalidInput, "No command to run: the command line is empty. Give the program and its arguments.")
        }
        ignoreBrokenPipes
        var options = PlatformOptions()
        options.processGroupID = 0  // a group of its own, led by the child
        let configuration = Configuration(
            executable: command.contains("/") ? .path(FilePath(command)) : .name(command),
            arguments: Arguments(Array(arguments.dropFirst())),
            environment: .custom(
                Dictionary(
                    uniqueKeysWithValues: environment.compactMap { name, value in
                        Environment.Key(rawValue: name).map { ($0, value) }
                    })),
            workingDirectory: workingDirectory.map { FilePath($0) },
            platformOptions: options)
        let echo = echoOutput ? OutputEcho() : nil
        let group = ProcessGroup()
        let (started, startSignal) = AsyncThrowingStream<pid_t, any Error>.makeStream()
        let outcome = Task {
            let status: TerminationStatus?
            let exchanged: ChildOutput?
            var failure: String?
            do {
                let result = try await Subprocess.run(
                    configuration, input: .inputWriter, output: .sequence, error: .sequence
                ) { execution in
                    group.started(leader: execution.processIdentifier.value)
                    startSignal.yield(execution.processIdentifier.value)
                    startSignal.finish()
                    return await ChildOutput.exchange(with: execution, input: standardInput, echo: echo)
                }
                status = result.terminationStatus
                exchanged = result.closureResult
            } catch {
                startSignal.finish(throwing: error)
                status = nil
                exchanged = nil
                failure = "\(error)"
                // Without a status the child can no longer be watched; do not leave its group behind.
                group.terminate()
            }
            let wasTerminated = await group.waitUntilEnded()
            var exitCode: Int32?
            var signal: Int32?
            switch status {
            case .exited(let code)?: exitCode = code
            case .signaled(let number)?: signal = number
            case nil: break
            }
            return Termination(
                exitCode: exitCode, signal: signal, standardOutput: exchanged?.output ?? Data(),
                standardErrorTail: exchanged?.errors ?? Data(), wasTerminated: wasTerminated,
                failure: failure ?? exchanged?.failure)
        }
        do {
            var iterator = started.makeAsyncIterator()
            guard let pid = try await iterator.next(), !Task.isCancelled else {
                // The caller was cancelled while the command started and will not own it: end it as soon
                // as it runs.
                group.terminate()
                throw MOCacheError(.cancelled, "`\(command)` was cancelled while it started.")
            }
            return ChildProcess(pid: pid, group: group, outcome: outcome)
        } catch let error as SubprocessError {
            throw Self.startFailure(error, command: command, workingDirectory: workingDirectory)
        }
    }

    private init(pid: pid_t, group: ProcessGroup, outcome: Task<Termination, Never>) {
        self.pid = pid
        self.group = group
        self.outcome = outcome
    }

    /// Waits until the child has ended and, after ``terminate()``, its whole process group too.
    /// Cancelling the waiting task ends the child's process group.
    package func waitForExit() async -> Termination {
        await withTaskCancellationHandler {
            await outcome.value
        } onCancel: {
            terminate()
        }
    }

    /// Ends the child's whole process group: SIGTERM, then SIGKILL to whatever is left of it after a
    /// grace period. Does nothing once the child ended by itself.
    package func terminate(grace: Duration = ProcessGroup.gracePeriod) {
        group.terminate(grace: grace)
    }

    /// The error for a command that could not be started, in words that say what to check.
    private static func startFailure(_ error: SubprocessError, command: String, workingDirectory: String?)
        -> MOCacheError
    {
        if error.code == .failedToChangeWorkingDirectory {
            let reason = error.underlyingError.map { " (\($0))" } ?? ""
            return MOCacheError(
                .jobFailed,
                "Cannot run `\(command)` in \(workingDirectory ?? "its working directory")\(reason). "
                    + "Check that the folder exists and can be entered.")
        }
        if error.underlyingError == Errno.argListTooLong {
            return MOCacheError(
                .jobFailed,
                "Cannot start `\(command)`: its arguments and environment are too large for the system "
                    + "(\(Errno.argListTooLong)). Pass large values in files instead.")
        }
        let reason = error.underlyingError.map { "\($0)" } ?? "\(error)"
        return MOCacheError(
            .jobFailed,
            "Cannot start `\(command)`: \(reason). Check that the command exists and is executable, or give "
                + "its full path.")
    }

    /// Writing to a child that already exited must be an error, not a signal that kills this process.
    private static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}
