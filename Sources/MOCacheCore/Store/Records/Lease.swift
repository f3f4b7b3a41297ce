import Foundation

/// A time-limited claim on one store entry, held by the worker that is doing its job.
///
/// Leases give single flight across processes: while a live lease exists, other processes wait for the
/// entry instead of starting the same paid job. The holder renews the lease while the job runs; when
/// the holder dies, the lease runs out and a waiter takes over.
public struct Lease: Hashable, Codable, Sendable {
    /// The ``Worker/owner`` token of the holder.
    public let owner: String
    /// When the lease runs out unless renewed.
    public let expiresAt: Date

    /// Makes a lease.
    public init(owner: String, expiresAt: Date) {
        self.owner = owner
        self.expiresAt = expiresAt
    }

    /// Whether the lease still holds at `date`.
    public func isLive(at date: Date) -> Bool { expiresAt > date }
}
