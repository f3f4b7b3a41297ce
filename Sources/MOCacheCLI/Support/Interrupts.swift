import Dispatch
import Foundation
import MOCache

/// Ctrl-C and `kill` during a job: instead of leaving the job's command running in its own process
/// group, mocache cancels the job (which ends that group and records the run as cancelled) and exits
/// with status 130.
///
/// It owns the signal sources for SIGINT and SIGTERM while a job runs. Catching starts before the job
/// does, so a signal that comes while the dataset is hashed or the job starts is not lost: the action
/// given later runs at once. `@unchecked Sendable` is safe: the sources are set once in `init` and
/// never changed, Dispatch sources may be cancelled from any thread, and the rest is behind a lock.
final class Interrupts: @unchecked Sendable {
    /// The exit status after an interruption: 128 + SIGINT, as shells report it.
    static let exitStatus: Int32 = 130

    /// Whether a signal came, and what to do about it.
    private struct State {
        var interrupted = false
        var action: (@Sendable () -> Void)?
    }

    private let state = Locked(State())
    private let sources: [any DispatchSourceSignal]

    /// Starts catching SIGINT and SIGTERM.
    init() {
        let state = self.state
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { Self.interrupt(state) }
            source.resume()
            return source
        }
    }

    /// What to do on the first signal: replaces the previous action, and runs at once when a signal
    /// already came.
    func onInterrupt(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            state.action = action
            return state.interrupted
        }
        if runNow { action() }
    }

    /// Whether a signal came.
    var wasInterrupted: Bool { state.value.interrupted }

    /// Marks the signal and runs the action, on the first signal only.
    private static func interrupt(_ state: Locked<State>) {
        let action = state.withLock { state -> (@Sendable () -> Void)? in
            guard !state.interrupted else { return nil }
            state.interrupted = true
            return state.action
        }
        action?()
    }

    /// Stops catching signals.
    func stop() {
        for source in sources { source.cancel() }
    }
}
