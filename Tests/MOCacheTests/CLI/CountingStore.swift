import Foundation
import MOCache

/// A store that hands every call to a real one and counts the calls that read entries and the hash memo,
/// so that a test can say how often a command reads the same row.
///
/// A test double around a real store, not a fake database: every answer is the real store's.
actor CountingStore: ForwardingStore {
    /// How often each reading call was made, by method name.
    private(set) var reads: [String: Int] = [:]
    nonisolated let base: any CacheBackend

    init(_ store: any CacheBackend) {
        base = store
    }

    /// Calls that read training runs or eval results: by key, by filter, or through a claim.
    var entryReads: Int {
        reads.filter { $0.key != "memoizedHash" }.values.reduce(0, +)
    }

    private func count(_ name: String) {
        reads[name, default: 0] += 1
    }

    // MARK: - Counted

    func trainingRun(for key: TrainingKey) async throws -> TrainingRunRecord? {
        count("trainingRun")
        return try await base.trainingRun(for: key)
    }

    func claimTrainingRun(for key: TrainingKey, config: JSONValue, lease: LeaseRequest) async throws
        -> ClaimOutcome<TrainingRunRecord>
    {
        count("claimTrainingRun")
        return try await base.claimTrainingRun(for: key, config: config, lease: lease)
    }

    func trainingRuns(matching filter: TrainingRunFilter) async throws -> [TrainingRunRecord] {
        count("trainingRuns")
        return try await base.trainingRuns(matching: filter)
    }

    func evalResults(for keys: [EvalKey]) async throws -> [EvalKey: EvalResultRecord] {
        count("evalResults")
        return try await base.evalResults(for: keys)
    }

    func evalResults(matching filter: EvalResultFilter) async throws -> [EvalResultRecord] {
        count("evalResultsMatching")
        return try await base.evalResults(matching: filter)
    }

    func memoizedHash(for file: FileIdentity) async throws -> String? {
        count("memoizedHash")
        return try await base.memoizedHash(for: file)
    }
}
