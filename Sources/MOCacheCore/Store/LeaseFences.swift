import Foundation

/// The fences the owners in this process hold: for each entry and lease owner, the fence its claim got.
///
/// The rule every store follows (one place, for all of them): each claim of an entry bumps the entry's
/// fence, a counter kept with the entry; the claiming owner's later writes to the entry (the job start,
/// the lease renewals, the finishing write) present the fence its claim got, and the store applies them
/// only while the entry's fence is still that one ( ``admits(stored:presented:)``). A worker that paused
/// past its lease, and whose entry another worker took over meanwhile, therefore changes nothing: not
/// the successor's job id, not its lease, not its result. An owner this process never saw claim the
/// entry (another process finishing by owner token alone, as ``CacheBackend`` allows) presents no fence,
/// and only the owner-token rules apply.
///
/// Owns a table behind a lock; a store keeps one for its life.
package final class LeaseFences: Sendable {
    /// One owner's claim on one entry.
    private struct Holder: Hashable, Sendable {
        let entry: EntryKey
        let owner: String
    }

    private let table = Locked<[Holder: Int64]>([:])

    /// An empty table.
    package init() {}

    /// Remembers the fence `owner` got by claiming `entry`.
    package func remember(_ fence: Int64, for entry: EntryKey, owner: String) {
        table.withLock { $0[Holder(entry: entry, owner: owner)] = fence }
    }

    /// The fence `owner` holds on `entry`, when this process saw it claim the entry.
    package func fence(for entry: EntryKey, owner: String) -> Int64? {
        table.withLock { $0[Holder(entry: entry, owner: owner)] }
    }

    /// Forgets `owner`'s fence on `entry`: its lease ended (the entry finished, or the finishing write
    /// found it gone).
    package func forget(_ entry: EntryKey, owner: String) {
        table.withLock { $0[Holder(entry: entry, owner: owner)] = nil }
    }

    /// Whether a write presenting `presented` may change an entry whose fence is `stored`: when it
    /// presents none, or the one the entry still has.
    package static func admits(stored: Int64, presented: Int64?) -> Bool {
        presented.map { $0 == stored } ?? true
    }
}
