import Foundation

/// How a worker asks to claim an entry: who it is, for how long, and whether to redo finished work.
public struct LeaseRequest: Hashable, Sendable {
    /// The worker that will hold the lease.
    public let worker: Worker
    /// How long the lease lasts before it must be renewed.
    public let duration: TimeInterval
    /// Claim even a succeeded entry, to run it again and overwrite it (the `refresh` policy).
    public let refresh: Bool
    /// The owner token of a lease to take over even while it is live: its holder is provably gone (a
    /// process of this host that no longer runs, see ``Worker/isProvablyGone(owner:)``). `nil` waits for
    /// every live lease of another worker to run out.
    public let takingOverFrom: String?

    /// Makes a lease request.
    public init(
        worker: Worker = .current, duration: TimeInterval = 30, refresh: Bool = false, takingOverFrom: String? = nil
    ) {
        self.worker = worker
        self.duration = duration
        self.refresh = refresh
        self.takingOverFrom = takingOverFrom
    }
}
