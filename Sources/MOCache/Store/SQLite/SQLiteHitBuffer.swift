import Foundation

/// Cache hits counted in memory until the SQLite store writes them, so that serving a hit never opens a
/// write transaction.
///
/// `@unchecked Sendable` is safe: the only state, `pending`, is read and written under `lock`, and no
/// lock is held across a call out of this type.
final class SQLiteHitBuffer: @unchecked Sendable {
    /// The hits of one entry not yet written: how many, and when the last one was served.
    struct Tally: Equatable, Sendable {
        var count: Int
        var lastHitAt: Date
    }

    private let lock = NSLock()
    private var pending: [EntryID: Tally] = [:]
    private var total = 0

    /// Counts one hit served at `date`; returns how many hits are now waiting to be written.
    func add(_ entry: EntryID, at date: Date) -> Int {
        lock.withLock {
            if var tally = pending[entry] {
                tally.count += 1
                tally.lastHitAt = max(tally.lastHitAt, date)
                pending[entry] = tally
            } else {
                pending[entry] = Tally(count: 1, lastHitAt: date)
            }
            total += 1
            return total
        }
    }

    /// Takes every waiting hit out of the buffer, to be written.
    func drain() -> [EntryID: Tally] {
        lock.withLock {
            defer {
                pending = [:]
                total = 0
            }
            return pending
        }
    }

    /// Puts hits taken by ``drain()`` back, after writing them failed, so that they are written later.
    func restore(_ tallies: [EntryID: Tally]) {
        guard !tallies.isEmpty else { return }
        lock.withLock {
            for (entry, tally) in tallies {
                if var existing = pending[entry] {
                    existing.count += tally.count
                    existing.lastHitAt = max(existing.lastHitAt, tally.lastHitAt)
                    pending[entry] = existing
                } else {
                    pending[entry] = tally
                }
                total += tally.count
            }
        }
    }

    /// How many hits are waiting to be written.
    var count: Int {
        lock.withLock { total }
    }
}
