import Dispatch
import Foundation
import Synchronization

/// Ctrl-C and `kill` during a job: instead of leaving the job's command running in its own process
/// group, mocache cancels the job (which ends that group and records the run as cancelled) and exits
/// with status 130.
///
/// It owns the signal sources for SIGINT and SIGTERM while a job runs. Catching starts before the job
/// does, so a signal that comes while the dataset is hashed or the job starts is not lost: the action
/// given later runs at once. `@unchecked Sendable` is safe: the sources are set once in `init` and
/// never changed, Dispatch sources may be cancelled from any thread, and the rest is in a mutex.
final class Interrupts: @unchecked Sendable {
    /// The exit status after an interruption: 128 + SIGINT, as shells report it.
    static let exitStatus: Int32 = 130

    /// Whether a signal came, and what to do about it.
    private final class State: Sendable {
        struct Value {
            var interrupted = false
            var action: (@Sendable () -> Void)?
        }

        let value = Mutex(Value())

        func interrupt() {
            let action = value.withLock { value -> (@Sendable () -> Void)? in
                guard !value.interrupted else { return nil }
                value.interrupted = true
                return value.action
            }
            action?()
        }
    }

    private let state = State()
    private let sources: [any DispatchSourceSignal]

    /// Starts catching SIGINT and SIGTERM.
    init() {
        let state = self.state
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { state.interrupt() }
            source.resume()
            return source
        }
    }

    /// What to do on the first signal: replaces the previous action, and runs at once when a signal
    /// already came.
    func onInterrupt(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.value.withLock { value -> Bool in
            value.action = action
            return value.interrupted
        }
        if runNow { action() }
    }

    /// Whether a signal came.
    var wasInterrupted: Bool { state.value.withLock { $0.interrupted } }

    /// Stops catching signals.
    func stop() {
        for source in sources { source.cancel() }
    }
}
