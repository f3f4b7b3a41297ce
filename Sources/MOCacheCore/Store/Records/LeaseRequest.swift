import Foundation

/// How a worker asks to claim an entry: who it is, for how long, and whether to redo finished work.
public struct LeaseRequest: Hashable, Sendable {
    /// The worker that will hold the lease.
    public let worker: Worker
    /// How long the lease lasts before it must be renewed.
    public let duration: TimeInterval
    /// Claim even a succeeded entry, to run it again and overwrite it (the `refresh` policy).
    public let refresh: Bool

    /// Makes a lease request.
    public init(worker: Worker = .current, duration: TimeInterval = 30, refresh: Bool = false) {
        self.worker = worker
        self.duration = duration
        self.refresh = refresh
    }
}
