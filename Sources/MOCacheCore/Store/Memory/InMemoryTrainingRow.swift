import Foundation

/// One training run as ``InMemoryCacheBackend`` keeps it: the fields of a ``TrainingRunRecord``, mutable.
struct InMemoryTrainingRow: InMemoryRow {
    var entry: InMemoryEntry
    let key: TrainingKey
    var config: JSONValue
    var modelID: String?
    var metadata: JSONValue?

    init(_ entry: InMemoryEntry, key: TrainingKey, document config: JSONValue) {
        self.entry = entry
        self.key = key
        self.config = config
    }

    init(imported run: TrainingRunRecord, id: Int64) {
        let entry = InMemoryEntry(
            imported: id, createdAt: run.createdAt, jobID: run.jobID, startedAt: run.startedAt,
            finishedAt: run.finishedAt, host: run.host, pid: run.pid)
        self.init(entry, key: run.key, document: run.config)
        modelID = run.modelID
        metadata = run.metadata
    }

    mutating func reset(for config: JSONValue) {
        self.config = config
        modelID = nil
        metadata = nil
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
            id: entry.id, key: key, config: config, status: entry.status, jobID: entry.jobID, modelID: modelID,
            metadata: metadata, error: entry.error, createdAt: entry.createdAt, startedAt: entry.startedAt,
            finishedAt: entry.finishedAt, host: entry.host, pid: entry.pid, lease: entry.lease,
            hitCount: entry.hitCount, lastHitAt: entry.lastHitAt)
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
