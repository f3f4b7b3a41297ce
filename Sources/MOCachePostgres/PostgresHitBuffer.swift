import Foundation
import MOCacheCore

/// Cache hits counted in memory until the next flush: per entry, how many and when the last was.
struct PostgresHitBuffer: Sendable {
    /// One entry's pending hits.
    struct Pending: Sendable {
        var count: Int
        var last: Date
    }

    /// Pending hits by entry.
    var pending: [EntryID: Pending] = [:]

    /// Counts one hit at `date`.
    mutating func add(_ entry: EntryID, at date: Date) {
        if var known = pending[entry] {
            known.count += 1
            known.last = max(known.last, date)
            pending[entry] = known
        } else {
            pending[entry] = Pending(count: 1, last: date)
        }
    }

    /// Takes every pending hit out of the buffer.
    mutating func drain() -> [EntryID: Pending] {
        defer { pending = [:] }
        return pending
    }
}
