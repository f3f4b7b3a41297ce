import Foundation

/// One training run as ``InMemoryCacheBackend`` keeps it: the fields of a ``TrainingRunRecord``, mutable.
struct InMemoryTrainingRow: Sendable {
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

    /// A new pending row under `lease`.
    init(id: Int64, key: TrainingKey, config: JSONValue, createdAt: Date, lease: Lease) {
        self.id = id
        self.key = key
        self.config = config
        self.status = .pending
        self.createdAt = createdAt
        self.lease = lease
    }

    /// Clears what a finished job left, before the key runs again.
    mutating func resetForRerun() {
        jobID = nil
        modelID = nil
        metadata = nil
        error = nil
        startedAt = nil
        finishedAt = nil
        host = nil
        pid = nil
    }

    /// The row as the public record.
    var record: TrainingRunRecord {
        TrainingRunRecord(
            id: id, key: key, config: config, status: status, jobID: jobID, modelID: modelID,
            metadata: metadata, error: error, createdAt: createdAt, startedAt: startedAt,
            finishedAt: finishedAt, host: host, pid: pid, lease: lease, hitCount: hitCount,
            lastHitAt: lastHitAt)
    }
}
