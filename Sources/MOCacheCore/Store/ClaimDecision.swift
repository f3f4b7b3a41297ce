import Foundation

/// What a claim does to an existing entry, by the rules of
/// ``CacheBackend/claimTrainingRun(for:config:lease:)``: decided here once for both stores and both kinds
/// of entry.
package enum ClaimDecision: Equatable {
    /// The entry succeeded and the caller did not ask to refresh it: serve it.
    case completed
    /// Another worker's lease is live: leave the entry alone.
    case heldElsewhere
    /// Take the entry over, keeping its job id so that the job can be re-attached.
    case takeOver
    /// Take the entry, clearing what the previous job left (job id, result, error, times).
    case reset

    /// Decides a claim by `owner` at `now` on an entry in `status` under `lease`.
    ///
    /// `now` is the claiming process's clock; leases are compared with it, never with SQLite's. A live
    /// lease of `takingOverFrom` (an owner proven gone, ``LeaseRequest/takingOverFrom``) counts as run out.
    package init(
        status: EntryStatus, lease: Lease?, owner: String, refresh: Bool, now: Date, takingOverFrom: String? = nil
    ) {
        if status == .succeeded && !refresh {
            self = .completed
        } else if let lease, lease.owner != owner, lease.isLive(at: now), lease.owner != takingOverFrom {
            self = .heldElsewhere
        } else {
            switch status {
            case .pending, .running: self = .takeOver
            case .succeeded, .failed, .cancelled: self = .reset
            }
        }
    }

    /// Whether `owner` holds `lease`: the lease names it. An expired lease that nobody took over is
    /// still the owner's, so a slow worker can renew it or record its failure.
    package static func isHeld(_ lease: Lease?, by owner: String) -> Bool {
        lease?.owner == owner
    }
}
