import Foundation
import MOCache

/// A store that hands every call to a real one, except that its first lease renewals fail as they
/// would on a busy database: a test double around a real store (every other answer is the real one's).
actor FlakyRenewalStore: ForwardingStore {
    /// How many renewals were asked for.
    private(set) var renewals = 0
    /// How many of the next renewals fail.
    private var renewalFailures: Int
    nonisolated let base: any CacheBackend

    init(_ store: any CacheBackend, failingRenewals: Int) {
        base = store
        self.renewalFailures = failingRenewals
    }

    func renewLease(for key: EntryKey, owner: String, duration: TimeInterval) async throws -> Bool {
        renewals += 1
        if renewalFailures > 0 {
            renewalFailures -= 1
            throw MOCacheError(.busy, "test double: this lease renewal fails, as under a busy database")
        }
        return try await base.renewLease(for: key, owner: owner, duration: duration)
    }
}
