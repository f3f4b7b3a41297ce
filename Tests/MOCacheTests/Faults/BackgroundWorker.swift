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

/// A test worker running in the background, for a test to watch and kill.
///
/// It owns the task that runs the child with swift-subprocess (see ``processConfiguration(executable:
/// arguments:environment:asUser:)``). Its stdout and stderr go to files in a folder (`NAME.out`,
/// `NAME.err`), so what it printed before a `kill -9` stays readable; the worker writes each line with
/// one `write(2)`, so a printed line is in the file the moment the call returns.
final class BackgroundWorker: Sendable {
    /// The file its stdout goes to.
    let outputPath: String
    /// The file its stderr goes to.
    let errorPath: String
    /// The process id.
    let pid: pid_t

    private let outcome: Task<TerminationStatus, any Error>
    /// How it ended, once it did; `nil` while it runs.
    private let ending: Locked<Result<TerminationStatus, any Error>?>

    /// Starts `mocache-test-worker` with `arguments` and returns once it runs.
    init(_ arguments: [String], in folder: TemporaryDirectory, name: String) async throws {
        outputPath = folder.path(name + ".out")
        errorPath = folder.path(name + ".err")
        let permissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead]
        let output = try FileDescriptor.open(
            outputPath, .writeOnly, options: [.create, .truncate], permissions: permissions)
        let errors = try FileDescriptor.open(
            errorPath, .writeOnly, options: [.create, .truncate], permissions: permissions)
        let configuration = processConfiguration(
            executable: testWorker, arguments: arguments, environment: [:], asUser: .current)
        let ending = Locked<Result<TerminationStatus, any Error>?>(nil)
        let (started, startSignal) = AsyncThrowingStream<pid_t, any Error>.makeStream()
        outcome = Task {
            do {
                let result = try await Subprocess.run(
                    configuration, input: .none, output: .fileDescriptor(output, closeAfterSpawningProcess: true),
                    error: .fileDescriptor(errors, closeAfterSpawningProcess: true)
                ) { execution in
                    startSignal.yield(execution.processIdentifier.value)
                    startSignal.finish()
                }
                ending.withLock { $0 = .success(result.terminationStatus) }
                return result.terminationStatus
            } catch {
                startSignal.finish(throwing: error)
                ending.withLock { $0 = .failure(error) }
                throw error
            }
        }
        self.ending = ending
        var iterator = started.makeAsyncIterator()
        guard let pid = try await iterator.next() else { throw CancellationError() }
        self.pid = pid
    }

    /// Whether it is still running.
    var isRunning: Bool { ending.value == nil }

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
            if !isRunning { return output().split(separator: "\n").contains(Substring(line)) }
            try await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    /// Sends it `SIGKILL`, unless it already ended (its pid may then belong to another process).
    func sendKill() {
        if isRunning { _ = kill(pid, SIGKILL) }
    }

    /// Waits until it ended, polling; `false` when it still runs after `timeout`.
    func waitForExit(timeout: TimeInterval) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning {
            guard Date() < deadline else { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Whether it ended because of `SIGKILL` (only meaningful once it ended).
    var wasKilled: Bool {
        if case .success(.signaled(SIGKILL))? = ending.value { return true }
        return false
    }

    deinit {
        sendKill()
    }
}
