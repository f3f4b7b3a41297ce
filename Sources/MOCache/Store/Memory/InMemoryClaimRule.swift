import Foundation

/// The claim and finish rules of ``CacheBackend``, as pure functions of an entry's state.
///
/// Both tables of ``InMemoryCacheBackend`` follow the same rules, so they live here once.
enum InMemoryClaimRule {
    /// What a claim does to an existing entry.
    enum Decision: Equatable {
        /// The entry succeeded and the caller did not ask to refresh it: serve it.
        case completed
        /// Another worker's lease is live: leave the entry alone.
        case heldElsewhere
        /// Take the entry, keeping its job id so the job can be re-attached.
        case takeOver
        /// Take the entry and clear what the previous job left (job id, result, error, times).
        case reset
    }

    /// Decides a claim on an entry in `status` under `lease`, by `owner`, at `now`.
    static func decide(status: EntryStatus, lease: Lease?, owner: String, refresh: Bool, now: Date) -> Decision {
        if status == .succeeded && !refresh { return .completed }
        if let lease, lease.owner != owner, lease.isLive(at: now) { return .heldElsewhere }
        switch status {
        case .pending, .running: return .takeOver
        case .succeeded, .failed, .cancelled: return .reset
        }
    }

    /// Whether `owner` holds `lease`: the lease names it. An expired lease that nobody took over is
    /// still the owner's, so a slow worker can renew it or record its failure.
    static func isHeld(_ lease: Lease?, by owner: String) -> Bool {
        lease?.owner == owner
    }
}
