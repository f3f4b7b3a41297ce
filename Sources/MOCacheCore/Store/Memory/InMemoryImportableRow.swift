import Foundation

/// A row of one of ``InMemoryCacheBackend``'s tables, as an import sees it: what differs between a
/// training run and an evaluation result, so that one generic function imports both.
///
/// The rules the two kinds share (``ImportRecordCheck``, ``ImportRule``, ids that start at 1 and are
/// never reused, hit counts kept across a replacement) live in that function, once.
protocol InMemoryImportableRow: Sendable {
    /// The key of the table.
    associatedtype Key: Hashable & Sendable
    /// The public record an import brings.
    associatedtype Record: Sendable

    /// The row id.
    var id: Int64 { get }
    /// The row's state.
    var status: EntryStatus { get }
    /// How many times the entry was served from the cache.
    var hitCount: Int { get set }
    /// When the entry was last served from the cache.
    var lastHitAt: Date? { get set }

    /// A succeeded row with id `id` that holds `record`, its request and its result, with no lease and
    /// no hits yet.
    init(imported record: Record, id: Int64)

    /// Whether the row holds the same result as `record` (the same model id for a training run, the same
    /// metrics for an eval result).
    func holdsResult(of record: Record) -> Bool

    /// The key of `record`.
    static func key(of record: Record) -> Key

    /// The entry id of the row `id` in this table.
    static func entryID(_ id: Int64) -> EntryID

    /// Throws unless `record` holds a result that can be imported.
    static func checkImport(_ record: Record) throws
}

// MARK: - Training runs

extension InMemoryTrainingRow: InMemoryImportableRow {
    init(imported run: TrainingRunRecord, id: Int64) {
        self.init(
            id: id, key: run.key, config: run.config, createdAt: run.createdAt,
            lease: Lease(owner: "", expiresAt: run.createdAt))
        status = .succeeded
        lease = nil
        jobID = run.jobID
        modelID = run.modelID
        metadata = run.metadata
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        host = run.host
        pid = run.pid
    }

    func holdsResult(of run: TrainingRunRecord) -> Bool {
        modelID == run.modelID
    }

    static func key(of run: TrainingRunRecord) -> TrainingKey {
        run.key
    }

    static func entryID(_ id: Int64) -> EntryID {
        .training(id)
    }

    static func checkImport(_ run: TrainingRunRecord) throws {
        try ImportRecordCheck.check(run)
    }
}

// MARK: - Evaluation results

extension InMemoryEvalRow: InMemoryImportableRow {
    init(imported result: EvalResultRecord, id: Int64) {
        self.init(
            id: id, key: result.key, params: result.params, createdAt: result.createdAt,
            lease: Lease(owner: "", expiresAt: result.createdAt))
        status = .succeeded
        lease = nil
        jobID = result.jobID
        metrics = result.metrics
        sampleCount = result.sampleCount
        logPath = result.logPath
        startedAt = result.startedAt
        finishedAt = result.finishedAt
        host = result.host
        pid = result.pid
    }

    func holdsResult(of result: EvalResultRecord) -> Bool {
        metrics == result.metrics
    }

    static func key(of result: EvalResultRecord) -> EvalKey {
        result.key
    }

    static func entryID(_ id: Int64) -> EntryID {
        .eval(id)
    }

    static func checkImport(_ result: EvalResultRecord) throws {
        try ImportRecordCheck.check(result)
    }
}
