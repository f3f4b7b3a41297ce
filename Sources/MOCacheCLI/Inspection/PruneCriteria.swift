import Foundation
import MOCache

/// Which entries `mocache prune` removes: every criterion given must hold.
///
/// Entries whose job a worker is doing right now (pending or running under a live lease) are never
/// selected: removing them would pull the entry from under the worker.
///
/// ```swift
/// let criteria = PruneCriteria(failed: true, olderThan: Date().addingTimeInterval(-30 * 86_400))
/// let entries = try await criteria.select(in: store)
/// try await store.removeEntries(entries.map(\.id))
/// ```
public struct PruneCriteria: Hashable, Sendable {
    /// Only failed and cancelled entries.
    public var failed: Bool
    /// Only entries created before this time.
    public var olderThan: Date?
    /// Only entries not served from the cache since this time (never-served entries count from when
    /// they were created).
    public var unusedSince: Date?
    /// Only entries of this backend.
    public var backendID: String?

    /// Makes criteria; with no arguments they select every entry that is not in flight.
    public init(failed: Bool = false, olderThan: Date? = nil, unusedSince: Date? = nil, backendID: String? = nil) {
        self.failed = failed
        self.olderThan = olderThan
        self.unusedSince = unusedSince
        self.backendID = backendID
    }

    /// The entries these criteria select, training runs first, oldest first.
    public func select(in store: any CacheBackend, now: Date = Date()) async throws -> [StoredEntry] {
        let statuses: [EntryStatus?] = failed ? [.failed, .cancelled] : [nil]
        var entries: [StoredEntry] = []
        for status in statuses {
            let runs = try await store.trainingRuns(
                matching: TrainingRunFilter(
                    backendID: backendID, status: status, createdBefore: olderThan, unusedSince: unusedSince))
            entries += runs.map(StoredEntry.training)
        }
        for status in statuses {
            let results = try await store.evalResults(
                matching: EvalResultFilter(
                    backendID: backendID, status: status, createdBefore: olderThan, unusedSince: unusedSince))
            entries += results.map(StoredEntry.eval)
        }
        return entries.filter { !$0.isInFlight(at: now) }.sorted { lhs, rhs in
            switch (lhs.id, rhs.id) {
            case (.training(let left), .training(let right)), (.eval(let left), .eval(let right)): left < right
            case (.training, .eval): true
            case (.eval, .training): false
            }
        }
    }
}
