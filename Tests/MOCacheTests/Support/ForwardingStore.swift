import Foundation
import MOCache

/// A test double around a real store: every call goes to `base` unless the double declares the method
/// itself (to count it, or to make it fail). Every answer is the real store's: no fake database.
protocol ForwardingStore: CacheBackend {
    /// The real store.
    var base: any CacheBackend { get }
}

extension ForwardingStore {
    func trainingRun(for key: TrainingKey) async throws -> TrainingRunRecord? {
        try await base.trainingRun(for: key)
    }

    func claimTrainingRun(for key: TrainingKey, config: JSONValue, lease: LeaseRequest) async throws
        -> ClaimOutcome<TrainingRunRecord>
    {
        try await base.claimTrainingRun(for: key, config: config, lease: lease)
    }

    func trainingRuns(matching filter: TrainingRunFilter) async throws -> [TrainingRunRecord] {
        try await base.trainingRuns(matching: filter)
    }

    func evalResults(for keys: [EvalKey]) async throws -> [EvalKey: EvalResultRecord] {
        try await base.evalResults(for: keys)
    }

    func evalResults(matching filter: EvalResultFilter) async throws -> [EvalResultRecord] {
        try await base.evalResults(matching: filter)
    }

    func memoizedHash(for file: FileIdentity) async throws -> String? {
        try await base.memoizedHash(for: file)
    }

    func recordTrainingJobStarted(for key: TrainingKey, jobID: String, worker: Worker) async throws {
        try await base.recordTrainingJobStarted(for: key, jobID: jobID, worker: worker)
    }

    func finishTrainingRun(for key: TrainingKey, owner: String, outcome: TrainingOutcome) async throws
        -> TrainingRunRecord
    {
        try await base.finishTrainingRun(for: key, owner: owner, outcome: outcome)
    }

    func claimEvalResult(for key: EvalKey, params: JSONValue, lease: LeaseRequest) async throws
        -> ClaimOutcome<EvalResultRecord>
    {
        try await base.claimEvalResult(for: key, params: params, lease: lease)
    }

    func recordEvalJobStarted(for key: EvalKey, jobID: String?, worker: Worker) async throws {
        try await base.recordEvalJobStarted(for: key, jobID: jobID, worker: worker)
    }

    func finishEvalResult(for key: EvalKey, owner: String, outcome: EvalOutcome) async throws -> EvalResultRecord {
        try await base.finishEvalResult(for: key, owner: owner, outcome: outcome)
    }

    func renewLease(for key: EntryKey, owner: String, duration: TimeInterval) async throws -> Bool {
        try await base.renewLease(for: key, owner: owner, duration: duration)
    }

    func datasetUpload(backendID: String, datasetHash: String) async throws -> DatasetUpload? {
        try await base.datasetUpload(backendID: backendID, datasetHash: datasetHash)
    }

    func recordDatasetUpload(_ upload: DatasetUpload) async throws {
        try await base.recordDatasetUpload(upload)
    }

    func datasetUploads() async throws -> [DatasetUpload] {
        try await base.datasetUploads()
    }

    func memoizeHash(_ sha256: String, for file: FileIdentity) async throws {
        try await base.memoizeHash(sha256, for: file)
    }

    func fileHashMemos() async throws -> [FileHashMemo] {
        try await base.fileHashMemos()
    }

    func removeFileHashMemos(paths: [String]) async throws -> Int {
        try await base.removeFileHashMemos(paths: paths)
    }

    func recordHit(_ entry: EntryID) async {
        await base.recordHit(entry)
    }

    func flushHits() async throws {
        try await base.flushHits()
    }

    func statistics() async throws -> CacheStatistics {
        try await base.statistics()
    }

    func datasetTrainingCounts() async throws -> [DatasetTrainingCount] {
        try await base.datasetTrainingCounts()
    }

    func removeEntries(_ ids: [EntryID]) async throws -> Int {
        try await base.removeEntries(ids)
    }

    func importTrainingRuns(_ runs: [TrainingRunRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try await base.importTrainingRuns(runs, overwrite: overwrite)
    }

    func importEvalResults(_ results: [EvalResultRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try await base.importEvalResults(results, overwrite: overwrite)
    }

    func importRecords(_ batch: ImportBatch, overwrite: Bool) async throws -> ImportDispositions {
        try await base.importRecords(batch, overwrite: overwrite)
    }
}
