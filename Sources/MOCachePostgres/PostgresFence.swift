import MOCacheCore

/// The fences this process holds: for each entry and lease owner, the fence its claim got.
///
/// The store's rule: every claim bumps the entry's `lease_fence`, and the owner's later heartbeats
/// and finishing write present the fence it got, so they change nothing once another worker took the
/// entry over, even when the paused owner's token still matches (it cannot, but a fence does not rely
/// on that). An owner this process never saw claim (another process finishing by owner token alone,
/// as ``CacheBackend`` allows) presents no fence, and the owner-token rules of ``CacheBackend`` apply.
enum PostgresFence {
    /// One owner's claim on one entry.
    struct Holder: Hashable, Sendable {
        /// The entry.
        let entry: EntryKey
        /// The lease owner's token.
        let owner: String
    }
}

extension PostgresCacheBackend {
    /// Remembers the fence `owner` got by claiming `entry`.
    func remember(fence: Int64, for entry: EntryKey, owner: String) {
        fences.withLock { $0[PostgresFence.Holder(entry: entry, owner: owner)] = fence }
    }

    /// The fence `owner` holds on `entry`, when this process saw it claim the entry.
    func fence(for entry: EntryKey, owner: String) -> Int64? {
        fences.withLock { $0[PostgresFence.Holder(entry: entry, owner: owner)] }
    }

    /// Forgets `owner`'s fence on `entry`: its lease ended.
    func forgetFence(for entry: EntryKey, owner: String) {
        fences.withLock { $0[PostgresFence.Holder(entry: entry, owner: owner)] = nil }
    }
}
