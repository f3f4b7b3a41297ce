import Foundation
import MOCache

/// A store that hands every call to a real one, except that its first lease renewals fail as they
/// would on a busy database: a test double around a real store (every other answer is the real one's).
actor FlakyRenewalStore: CacheBackend {
    /// How many renewals were asked for.
    private(set) var renewals = 0
    /// How many of the next renewals fail.
    private var renewalFailures: Int
    private let store: any CacheBackend

    init(_ store: any CacheBackend, failingRenewals: Int) {
        self.store = store
        self.renewalFailures = failingRenewals
    }

    func trainingRun(for key: TrainingKey) async throws -> TrainingRunRecord? {
        try await store.trainingRun(for: key)
    }

    func claimTrainingRun(for key: TrainingKey, config: JSONValue, lease: LeaseRequest) async throws
        -> ClaimOutcome<TrainingRunRecord>
    {
        try await store.claimTrainingRun(for: key, config: config, lease: lease)
    }

    func trainingRuns(matching filter: TrainingRunFilter) async throws -> [TrainingRunRecord] {
        try await store.trainingRuns(matching: filter)
    }

    func evalResults(for keys: [EvalKey]) async throws -> [EvalKey: EvalResultRecord] {
        try await store.evalResults(for: keys)
    }

    func evalResults(matching filter: EvalResultFilter) async throws -> [EvalResultRecord] {
        try await store.evalResults(matching: filter)
    }

    func memoizedHash(for file: FileIdentity) async throws -> String? {
        try await store.memoizedHash(for: file)
    }

    func recordTrainingJobStarted(for key: TrainingKey, jobID: String, worker: Worker) async throws {
        try await store.recordTrainingJobStarted(for: key, jobID: jobID, worker: worker)
    }

    func finishTrainingRun(for key: TrainingKey, owner: String, outcome: TrainingOutcome) async throws
        -> TrainingRunRecord
    {
        try await store.finishTrainingRun(for: key, owner: owner, outcome: outcome)
    }

    func claimEvalResult(for key: EvalKey, params: JSONValue, lease: LeaseRequest) async throws
        -> ClaimOutcome<EvalResultRecord>
    {
        try await store.claimEvalResult(for: key, params: params, lease: lease)
    }

    func recordEvalJobStarted(for key: EvalKey, jobID: String?, worker: Worker) async throws {
        try await store.recordEvalJobStarted(for: key, jobID: jobID, worker: worker)
    }

    func finishEvalResult(for key: EvalKey, owner: String, outcome: EvalOutcome) async throws -> EvalResultRecord {
        try await store.finishEvalResult(for: key, owner: owner, outcome: outcome)
    }

    func renewLease(for key: EntryKey, owner: String, duration: TimeInterval) async throws -> Bool {
        renewals += 1
        if renewalFailures > 0 {
            renewalFailures -= 1
            throw MOCacheError(.busy, "test double: this lease renewal fails, as under a busy database")
        }
        return try await store.renewLease(for: key, owner: owner, duration: duration)
    }

    func datasetUpload(backendID: String, datasetHash: String) async throws -> DatasetUpload? {
        try await store.datasetUpload(backendID: backendID, datasetHash: datasetHash)
    }

    func recordDatasetUpload(_ upload: DatasetUpload) async throws {
        try await store.recordDatasetUpload(upload)
    }

    func datasetUploads() async throws -> [DatasetUpload] {
        try await store.datasetUploads()
    }

    func memoizeHash(_ sha256: String, for file: FileIdentity) async throws {
        try await store.memoizeHash(sha256, for: file)
    }

    func fileHashMemos() async throws -> [FileHashMemo] {
        try await store.fileHashMemos()
    }

    func removeFileHashMemos(paths: [String]) async throws -> Int {
        try await store.removeFileHashMemos(paths: paths)
    }

    func recordHit(_ entry: EntryID) async {
        await store.recordHit(entry)
    }

    func flushHits() async throws {
        try await store.flushHits()
    }

    func statistics() async throws -> CacheStatistics {
        try await store.statistics()
    }

    func datasetTrainingCounts() async throws -> [DatasetTrainingCount] {
        try await store.datasetTrainingCounts()
    }

    func removeEntries(_ ids: [EntryID]) async throws -> Int {
        try await store.removeEntries(ids)
    }

    func importTrainingRuns(_ runs: [TrainingRunRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try await store.importTrainingRuns(runs, overwrite: overwrite)
    }

    func importEvalResults(_ results: [EvalResultRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try await store.importEvalResults(results, overwrite: overwrite)
    }

    func importRecords(_ batch: ImportBatch, overwrite: Bool) async throws -> ImportDispositions {
        try await store.importRecords(batch, overwrite: overwrite)
    }
}
