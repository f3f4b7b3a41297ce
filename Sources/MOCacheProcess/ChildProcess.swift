import CMOCacheShims
import Foundation
import MOCacheCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A command running as a child process in a process group of its own.
///
/// Owns the child and the read ends of its output pipes. Ending the job (a timeout, a cancellation,
/// ``terminate()``) signals the whole group, so the helpers that a training script starts end with it.
/// Pipes are drained on threads outside Swift's cooperative pool, so a chatty child never blocks and a
/// long job never holds a cooperative thread.
final class ChildProcess: Sendable {
    /// How a finished child ended and what it printed.
    struct Termination: Sendable {
        /// The exit code, when the child exited by itself.
        let exitCode: Int32?
        /// The signal that ended the child, when one did.
        let signal: Int32?
        /// The last part of standard output (up to ``outputLimit`` bytes).
        let standardOutput: Data
        /// The last part of standard error (up to ``errorLimit`` bytes).
        let standardErrorTail: Data
        /// Whether the child was ended by ``terminate()`` or a timeout rather than by itself.
        let wasTerminated: Bool
    }

    /// The most standard output kept: the result line is the last one, so the head can go.
    static let outputLimit = 1 << 20
    /// The most standard error kept for error messages.
    static let errorLimit = 8 << 10

    /// The child's process id, which is also its process group id.
    let pid: pid_t

    private struct State {
        var termination: Termination?
        var waiters: [CheckedContinuation<Termination, Never>] = []
        var terminateRequested = false
    }

    private let state = Mutex(State())

    /// Starts `arguments[0]` (searched in `PATH` when it has no slash) with the other arguments.
    ///
    /// - Parameters:
    ///   - arguments: The command and its arguments.
    ///   - environment: The whole environment of the child.
    ///   - workingDirectory: Where the child starts, or the current directory.
    ///   - standardInput: Bytes written to the child's standard input, which is then closed.
    ///   - echoOutput: Copy the child's standard output and error to this process's standard error as
    ///     they arrive, so a person sees a long job's progress.
    static func spawn(
        arguments: [String], environment: [String: String], workingDirectory: String?,
        standardInput: Data, echoOutput: Bool
    ) throws -> ChildProcess {
        guard let command = arguments.first, !command.isEmpty else {
            throw MOCacheError(
                .invalidInput, "No command to run: the command line is empty. Give the program and its arguments.")
        }
        ignoreBrokenPipes
        let input = try Pipe.make()
        let output = try Pipe.make()
        let error = try Pipe.make()

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, error.write, 2)
        if let workingDirectory {
            let status = mocache_spawn_file_actions_addchdir(&actions, workingDirectory)
            guard status == 0 else {
                throw MOCacheError(
                    .jobFailed, "Cannot run in \(workingDirectory): \(String(cString: strerror(status))).")
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, command, &actions, &attributes, argv, envp)
        close(input.read)
        close(output.write)
        close(error.write)
        guard spawned == 0 else {
            close(input.write)
            close(output.read)
            close(error.read)
            throw MOCacheError(
                .jobFailed,
                "Cannot start `\(command)`: \(String(cString: strerror(spawned))). "
                    + "Check that the command exists and is executable, or give its full path.")
        }
        let child = ChildProcess(pid: pid)
        child.start(
            input: input.write, standardInput: standardInput, output: output.read, error: error.read,
            echoOutput: echoOutput)
        return child
    }

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Waits until the child has ended. Cancelling the waiting task ends the child's process group.
    func waitForExit() async -> Termination {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let done = state.withLock { state -> Termination? in
                    if let termination = state.termination { return termination }
                    state.waiters.append(continuation)
                    return nil
                }
                if let done { continuation.resume(returning: done) }
            }
        } onCancel: {
            terminate()
        }
    }

    /// Ends the child's whole process group: SIGTERM, then SIGKILL after a grace period.
    func terminate(grace: Duration = .seconds(3)) {
        let first = state.withLock { state -> Bool in
            defer { state.terminateRequested = true }
            return !state.terminateRequested && state.termination == nil
        }
        guard first else { return }
        killpg(pid, SIGTERM)
        let pid = self.pid
        DispatchQueue.global().asyncAfter(deadline: .now() + grace.timeInterval) { [self] in
            if state.withLock({ $0.termination == nil }) { killpg(pid, SIGKILL) }
        }
    }

    // MARK: - Plumbing

    private func start(
        input: Int32, standardInput: Data, output: Int32, error: Int32, echoOutput: Bool
    ) {
        let group = DispatchGroup()
        let collectedOutput = OutputBuffer(keepingLast: Self.outputLimit)
        let collectedError = OutputBuffer(keepingLast: Self.errorLimit)
        BlockingWork.detach {
            standardInput.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count {
                    let written = write(input, base + offset, buffer.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 { break }  // the child closed its input: it does not want more
                    offset += written
                }
            }
            close(input)
        }
        for (fd, sink) in [(output, collectedOutput), (error, collectedError)] {
            group.enter()
            BlockingWork.detach {
                sink.drain(fd, echo: echoOutput)
                close(fd)
                group.leave()
            }
        }
        let pid = self.pid
        BlockingWork.detach { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            // The group's other members may keep the pipes open; stop waiting for them once the
            // child itself is gone and they have had a moment to flush.
            _ = group.wait(timeout: .now() + 2)
            let exited = (status & 0x7f) == 0
            let termination = Termination(
                exitCode: exited ? (status >> 8) & 0xff : nil,
                signal: exited ? nil : status & 0x7f,
                standardOutput: collectedOutput.contents,
                standardErrorTail: collectedError.contents,
                wasTerminated: state.withLock { $0.terminateRequested })
            let waiters = state.withLock { state in
                state.termination = termination
                defer { state.waiters = [] }
                return state.waiters
            }
            waiters.forEach { $0.resume(returning: termination) }
        }
    }

    /// Writing to a child that already exited must be an error, not a signal that kills this process.
    private static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}

/// The last bytes a child wrote to one of its output pipes.
private final class OutputBuffer: Sendable {
    private let limit: Int
    private let data = Mutex(Data())

    init(keepingLast limit: Int) { self.limit = limit }

    var contents: Data { data.withLock { $0 } }

    /// Reads `fd` to its end, keeping the last `limit` bytes and echoing to standard error if asked.
    func drain(_ fd: Int32, echo: Bool) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            if echo { buffer.withUnsafeBytes { _ = write(2, $0.baseAddress, count) } }
            data.withLock { data in
                data.append(contentsOf: buffer[0..<count])
                if data.count > limit { data.removeFirst(data.count - limit) }
            }
        }
    }
}

/// The two ends of a pipe, both closed on exec.
private struct Pipe {
    let read: Int32
    let write: Int32

    static func make() throws -> Pipe {
        var fds: [Int32] = [0, 0]
        guard mocache_pipe_cloexec(&fds) == 0 else {
            throw MOCacheError(
                .jobFailed, "Cannot make a pipe for the child process: \(String(cString: strerror(errno))).")
        }
        return Pipe(read: fds[0], write: fds[1])
    }
}
