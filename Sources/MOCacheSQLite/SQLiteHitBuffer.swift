import Foundation
import MOCacheCore
import Synchronization

/// Cache hits counted in memory until the SQLite store writes them, so that serving a hit never opens a
/// write transaction.
///
/// It owns the counts not yet written, behind a mutex that is never held across a call out of this type.
final class SQLiteHitBuffer: Sendable {
    /// The hits of one entry not yet written: how many, and when the last one was served.
    struct Tally: Equatable, Sendable {
        var count: Int
        var lastHitAt: Date
    }

    private struct State {
        var pending: [EntryID: Tally] = [:]
        var total = 0
    }

    private let state = Mutex(State())
    /// The write of hits that runs on its own, started by ``flushInBackground(_:)``, while it runs, and
    /// whether the store is closing (then no such write starts: ``close()`` writes what waits).
    private let flush = Mutex<(task: Task<Void, Never>?, closing: Bool)>((nil, false))

    /// Runs `write` in a task of its own, unless one runs already or the store is closing: the caller that
    /// counted the hit that filled the buffer does not wait for the write.
    func flushInBackground(_ write: @escaping @Sendable () async -> Void) {
        flush.withLock { flush in
            guard flush.task == nil, !flush.closing else { return }
            // Set under the lock, before the task can end and clear it.
            flush.task = Task {
                await write()
                self.flush.withLock { $0.task = nil }
            }
        }
    }

    /// Returns once no write started by ``flushInBackground(_:)`` runs.
    func backgroundFlushEnded() async {
        while let task = flush.withLock({ $0.task }) {
            await task.value
        }
    }

    /// Starts no more background writes: the store is closing and writes the waiting hits itself.
    func beginClosing() {
        flush.withLock { $0.closing = true }
    }

    /// Counts one hit served at `date`; returns how many hits are now waiting to be written.
    func add(_ entry: EntryID, at date: Date) -> Int {
        state.withLock { state in
            if var tally = state.pending[entry] {
                tally.count += 1
                tally.lastHitAt = max(tally.lastHitAt, date)
                state.pending[entry] = tally
            } else {
                state.pending[entry] = Tally(count: 1, lastHitAt: date)
            }
            state.total += 1
            return state.total
        }
    }

    /// Takes every waiting hit out of the buffer, to be written.
    func drain() -> [EntryID: Tally] {
        state.withLock { state in
            let pending = state.pending
            state = State()
            return pending
        }
    }

    /// Puts hits taken by ``drain()`` back, after writing them failed, so that they are written later.
    func restore(_ tallies: [EntryID: Tally]) {
        guard !tallies.isEmpty else { return }
        state.withLock { state in
            for (entry, tally) in tallies {
                if var existing = state.pending[entry] {
                    existing.count += tally.count
                    existing.lastHitAt = max(existing.lastHitAt, tally.lastHitAt)
                    state.pending[entry] = existing
                } else {
                    state.pending[entry] = tally
                }
                state.total += tally.count
            }
        }
    }

    /// How many hits are waiting to be written.
    var count: Int {
        state.withLock { $0.total }
    }
}
