import MOCache
import Subprocess

/// A program running in the background, such as a worker of the `processes` scenario.
///
/// Owns the task that runs the program with swift-subprocess. ``stop()`` cancels that task, and
/// swift-subprocess's teardown ends the program: SIGTERM, then SIGKILL two seconds later.
final class BackgroundProcess: Sendable {
    private let outcome: Task<TerminationStatus, any Error>
    private let ended: Locked<Bool>

    /// Starts `executable`, writing to this program's standard output and error.
    init(_ executable: Executable, arguments: Arguments) {
        let ended = Locked(false)
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .seconds(2))]
        outcome = Task {
            defer { ended.withLock { $0 = true } }
            return try await Subprocess.run(
                executable, arguments: arguments, platformOptions: options, output: .currentStandardOutput,
                error: .currentStandardError
            ).terminationStatus
        }
        self.ended = ended
    }

    /// Whether the program has ended (or could not be started).
    var hasEnded: Bool { ended.value }

    /// Waits until the program ended and returns its exit status, or 128 + the signal that ended it.
    ///
    /// - Throws: What swift-subprocess threw when the program could not be started or watched.
    func exitStatus() async throws -> Int32 {
        switch try await outcome.value {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    /// Ends the program and waits until it has ended.
    func stop() async {
        outcome.cancel()
        // The program is being ended after a failure elsewhere; how it ends changes nothing.
        _ = try? await outcome.value
    }
}
