import Foundation

/// A store of training runs, evaluation results, dataset uploads and file hashes.
///
/// The cached wrappers (``CachedTrainingBackend``, ``CachedEvalBackend``) and the `mocache` command
/// talk to the store only through this protocol, so a store can live elsewhere (in memory for tests,
/// on a server later) without any change to them. ``SQLiteCacheBackend`` is the implementation users
/// normally want; ``InMemoryCacheBackend`` keeps everything in the process.
///
/// It is also the ``DatasetHashMemo`` that ``DatasetHasher`` reads, so that an unchanged dataset file is
/// hashed once per store.
///
/// Claims and leases give single flight: a worker claims a key before it starts a job, renews its
/// lease while the job runs, and finishes the entry with the outcome. Other workers that find a live
/// lease wait and look again; when the lease runs out, one of them takes over.
public protocol CacheBackend: DatasetHashMemo {
    // MARK: - Training runs

    /// The stored run for a key, in any status, or `nil`.
    func trainingRun(for key: TrainingKey) async throws -> TrainingRunRecord?

    /// The stored runs among the given keys, in any status, in one call: what a sweep asks before it
    /// runs ("which of these cells are stored"). Missing keys are absent from the result.
    ///
    /// A store that does not implement it answers key by key.
    func trainingRuns(for keys: [TrainingKey]) async throws -> [TrainingKey: TrainingRunRecord]

    /// Claims a key for this worker in one atomic step, or reports who has it.
    ///
    /// Returns ``ClaimOutcome/completed(_:)`` for a succeeded run (unless `lease.refresh`),
    /// ``ClaimOutcome/heldElsewhere(_:)`` while another worker's lease is live, and otherwise creates or
    /// takes over the entry, sets it `pending` under this worker's lease and returns
    /// ``ClaimOutcome/claimed(_:)``. A taken-over entry keeps its job id so the job can be re-attached;
    /// a failed or cancelled one is reset.
    func claimTrainingRun(for key: TrainingKey, config: JSONValue, lease: LeaseRequest) async throws
        -> ClaimOutcome<TrainingRunRecord>

    /// Records the backend's job id the moment the job starts, and marks the run `running`.
    ///
    /// This is what lets a crashed worker's successor re-attach instead of paying twice.
    func recordTrainingJobStarted(for key: TrainingKey, jobID: String, worker: Worker) async throws

    /// Records how a run ended and releases the lease.
    ///
    /// A success is always recorded (the model exists, whoever asked for it), unless the run already
    /// succeeded, in which case the stored success is kept. A failure or cancellation is recorded only
    /// while `owner` still holds the lease, so that it never overwrites another worker's progress.
    @discardableResult
    func finishTrainingRun(for key: TrainingKey, owner: String, outcome: TrainingOutcome) async throws
        -> TrainingRunRecord

    // MARK: - Evaluation results

    /// The stored results among the given keys, in any status. Missing keys are absent from the result.
    func evalResults(for keys: [EvalKey]) async throws -> [EvalKey: EvalResultRecord]

    /// Claims one evaluation key; the same rules as ``claimTrainingRun(for:config:lease:)``.
    func claimEvalResult(for key: EvalKey, params: JSONValue, lease: LeaseRequest) async throws
        -> ClaimOutcome<EvalResultRecord>

    /// Marks an evaluation `running`, with the backend's job id when it has one.
    func recordEvalJobStarted(for key: EvalKey, jobID: String?, worker: Worker) async throws

    /// Records how one evaluation task ended and releases the lease; the same rules as
    /// ``finishTrainingRun(for:owner:outcome:)``.
    @discardableResult
    func finishEvalResult(for key: EvalKey, owner: String, outcome: EvalOutcome) async throws
        -> EvalResultRecord

    // MARK: - Leases

    /// Extends `owner`'s lease on an entry by `duration` from now.
    ///
    /// - Returns: `false` when `owner` no longer holds the lease (it ran out and another worker took
    ///   over, or the entry finished or was removed).
    func renewLease(for key: EntryKey, owner: String, duration: TimeInterval) async throws -> Bool

    // MARK: - Waiting

    /// Waits until one of these entries may have changed (finished or removed), or until `timeout`
    /// passed, whichever comes first.
    ///
    /// A worker waiting for another worker's job calls this between looks at the store. A store that
    /// hears of changes (the PostgreSQL store, through LISTEN/NOTIFY) returns as soon as one of the
    /// entries changes; the default implementation sleeps `timeout`, which makes waiting plain polling.
    /// Returning early is always allowed: the caller looks again.
    func waitForChange(of entries: [EntryID], timeout: Duration) async throws

    // MARK: - Dataset uploads

    /// The file a backend already holds for a dataset, or `nil`.
    func datasetUpload(backendID: String, datasetHash: String) async throws -> DatasetUpload?

    /// Remembers that a backend holds a dataset under a file id, replacing an older record.
    func recordDatasetUpload(_ upload: DatasetUpload) async throws

    /// Every recorded upload.
    func datasetUploads() async throws -> [DatasetUpload]

    // MARK: - File hash memo

    // `memoizedHash(for:)` and `memoizeHash(_:for:)` come from ``DatasetHashMemo``.

    /// Every memo entry.
    func fileHashMemos() async throws -> [FileHashMemo]

    /// Forgets the memo entries of these absolute paths (their files changed or vanished); returns how
    /// many existed. The next hash of such a file reads it again.
    @discardableResult
    func removeFileHashMemos(paths: [String]) async throws -> Int

    // MARK: - Hit ledger

    /// Counts one hit served from an entry. Cheap: implementations may defer the write.
    func recordHit(_ entry: EntryID) async

    /// Writes any deferred hit counts now. Call before a process exits.
    func flushHits() async throws

    // MARK: - Browsing and upkeep

    /// Training runs matching a filter, newest first.
    func trainingRuns(matching filter: TrainingRunFilter) async throws -> [TrainingRunRecord]

    /// Evaluation results matching a filter, newest first.
    func evalResults(matching filter: EvalResultFilter) async throws -> [EvalResultRecord]

    /// A summary of the store.
    func statistics() async throws -> CacheStatistics

    /// The training runs per dataset and backend, ordered by dataset hash, then backend id.
    func datasetTrainingCounts() async throws -> [DatasetTrainingCount]

    /// Deletes entries by id; returns how many existed.
    @discardableResult
    func removeEntries(_ ids: [EntryID]) async throws -> Int

    // MARK: - Import

    /// Merges succeeded training runs made elsewhere (another machine's `mocache export`), all in one
    /// transaction where the store has them, and says what happened to each, in order.
    ///
    /// Each record's key, config, model id, metadata, job id, times, host and pid are stored; its id,
    /// lease and hit counts are ignored. A key not stored is inserted; a key holding the same model id is
    /// left unchanged; a key whose entry has not succeeded is replaced (keeping its id and hit counts);
    /// a key holding another model id is a conflict, left alone unless `overwrite`.
    func importTrainingRuns(_ runs: [TrainingRunRecord], overwrite: Bool) async throws -> [ImportDisposition]

    /// Merges succeeded eval results made elsewhere; the same rules as
    /// ``importTrainingRuns(_:overwrite:)``, where the same result means the same metrics.
    func importEvalResults(_ results: [EvalResultRecord], overwrite: Bool) async throws -> [ImportDisposition]

    /// Merges a whole import (training runs, eval results, dataset uploads) in one transaction: when the
    /// store refuses any record (a constraint, a full disk, a lost connection), nothing of the batch is
    /// written and the store is exactly as before.
    ///
    /// Runs and results follow the rules of ``importTrainingRuns(_:overwrite:)``; an upload is added when
    /// none is recorded, left alone when it holds the same file id, and otherwise kept (a conflict) unless
    /// `overwrite`.
    func importRecords(_ batch: ImportBatch, overwrite: Bool) async throws -> ImportDispositions
}

extension CacheBackend {
    /// Looks the keys up one by one.
    public func trainingRuns(for keys: [TrainingKey]) async throws -> [TrainingKey: TrainingRunRecord] {
        var found: [TrainingKey: TrainingRunRecord] = [:]
        for key in keys where found[key] == nil {
            if let record = try await trainingRun(for: key) { found[key] = record }
        }
        return found
    }

    /// Sleeps `timeout`: a store that cannot hear of changes is polled.
    public func waitForChange(of entries: [EntryID], timeout: Duration) async throws {
        try await Task.sleep(for: timeout)
    }
}
