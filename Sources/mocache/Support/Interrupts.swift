import Dispatch
import Foundation
import Synchronization

/// Ctrl-C and `kill` during a job: instead of leaving the job's command running in its own process
/// group, mocache cancels the job (which ends that group and records the run as cancelled) and exits
/// with status 130.
///
/// It owns the signal sources for SIGINT and SIGTERM while a job runs. `@unchecked Sendable` is safe:
/// the sources are set once in `init` and never changed, and Dispatch sources may be cancelled from any
/// thread; the flag is atomic.
final class Interrupts: @unchecked Sendable {
    /// The exit status after an interruption: 128 + SIGINT, as shells report it.
    static let exitStatus: Int32 = 130

    /// Whether a signal came, shared with the handlers.
    private final class Flag: Sendable {
        let value = Atomic(false)
    }

    private let flag = Flag()
    private let sources: [any DispatchSourceSignal]

    /// Starts catching SIGINT and SIGTERM; `action` runs once, on the first of them.
    init(_ action: @escaping @Sendable () -> Void) {
        let flag = self.flag
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                guard !flag.value.exchange(true, ordering: .relaxed) else { return }
                action()
            }
            source.resume()
            return source
        }
    }

    /// Whether a signal came.
    var wasInterrupted: Bool { flag.value.load(ordering: .relaxed) }

    /// Stops catching signals.
    func stop() {
        for source in sources { source.cancel() }
    }
}
