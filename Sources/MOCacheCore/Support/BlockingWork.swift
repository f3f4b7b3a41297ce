import Foundation

/// Runs blocking work (a file read, a lock wait, a child process's pipes) on a thread of its own.
///
/// Neither on Swift's cooperative pool, where a blocked thread stalls every task, nor on Dispatch's
/// global queues: on Linux those keep about one thread per core, so a few blocked work items hold
/// up every other one queued behind them (seen here: a store open waiting 6 s behind lock waits).
package enum BlockingWork {
    /// Starts `work` on a new thread and returns at once.
    package static func detach(_ work: @escaping @Sendable () -> Void) {
        let thread = Thread(block: work)
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Runs `work` on a new thread and waits for its result without holding a cooperative thread.
    package static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            detach { continuation.resume(with: Result { try work() }) }
        }
    }
}
