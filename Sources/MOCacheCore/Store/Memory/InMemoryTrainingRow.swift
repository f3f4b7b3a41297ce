import Foundation

/// One training run as ``InMemoryCacheBackend`` keeps it: the fields of a ``TrainingRunRecord``, mutable.
struct InMemoryTrainingRow: InMemoryRow {
    let id: Int64
    let key: TrainingKey
    var config: JSONValue
    var status: EntryStatus
    var jobID: String?
    var modelID: String?
    var metadata: JSONValue?
    var error: String?
    let createdAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var host: String?
    var pid: Int32?
    var lease: Lease?
    var hitCount = 0
    var lastHitAt: Date?

    init(id: Int64, key: TrainingKey, document config: JSONValue, createdAt: Date, lease: Lease) {
        self.id = id
        self.key = key
        self.config = config
        self.status = .pending
        self.createdAt = createdAt
        self.lease = lease
    }

    init(imported run: TrainingRunRecord, id: Int64) {
        self.init(
            id: id, key: run.key, document: run.config, createdAt: run.createdAt,
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

    mutating func reset(for config: JSONValue) {
        self.config = config
        jobID = nil
        modelID = nil
        metadata = nil
        error = nil
        startedAt = nil
        finishedAt = nil
        host = nil
        pid = nil
    }

    mutating func keepResult(of outcome: TrainingOutcome) {
        if case .succeeded(let modelID, let metadata) = outcome {
            self.modelID = modelID
            self.metadata = metadata
        } else {
            modelID = nil
            metadata = nil
        }
    }

    static func ending(of outcome: TrainingOutcome) -> (status: EntryStatus, error: String?) {
        switch outcome {
        case .succeeded: (.succeeded, nil)
        case .failed(let message): (.failed, message)
        case .cancelled(let message): (.cancelled, message)
        }
    }

    var record: TrainingRunRecord {
        TrainingRunRecord(
            id: id, key: key, config: config, status: status, jobID: jobID, modelID: modelID,
            metadata: metadata, error: error, createdAt: createdAt, startedAt: startedAt,
            finishedAt: finishedAt, host: host, pid: pid, lease: lease, hitCount: hitCount,
            lastHitAt: lastHitAt)
    }

    func holdsResult(of run: TrainingRunRecord) -> Bool {
        modelID == run.modelID
    }

    static func key(of run: TrainingRunRecord) -> TrainingKey {
        run.key
    }

    static func entryKey(_ key: TrainingKey) -> EntryKey {
        .training(key)
    }

    static func entryID(_ id: Int64) -> EntryID {
        .training(id)
    }

    static func checkImport(_ run: TrainingRunRecord) throws {
        try ImportRecordCheck.check(run)
    }
}
