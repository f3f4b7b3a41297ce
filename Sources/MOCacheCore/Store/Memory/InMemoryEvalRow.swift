import Foundation

/// One evaluation result as ``InMemoryCacheBackend`` keeps it: the fields of an ``EvalResultRecord``,
/// mutable.
struct InMemoryEvalRow: Sendable {
    let id: Int64
    let key: EvalKey
    var params: JSONValue
    var status: EntryStatus
    var jobID: String?
    var metrics: [String: Double]?
    var sampleCount: Int?
    var logPath: String?
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
    init(id: Int64, key: EvalKey, params: JSONValue, createdAt: Date, lease: Lease) {
        self.id = id
        self.key = key
        self.params = params
        self.status = .pending
        self.createdAt = createdAt
        self.lease = lease
    }

    /// Clears what a finished job left, before the key runs again.
    mutating func resetForRerun() {
        jobID = nil
        metrics = nil
        sampleCount = nil
        logPath = nil
        error = nil
        startedAt = nil
        finishedAt = nil
        host = nil
        pid = nil
    }

    /// The row as the public record.
    var record: EvalResultRecord {
        EvalResultRecord(
            id: id, key: key, params: params, status: status, jobID: jobID, metrics: metrics,
            sampleCount: sampleCount, logPath: logPath, error: error, createdAt: createdAt,
            startedAt: startedAt, finishedAt: finishedAt, host: host, pid: pid, lease: lease,
            hitCount: hitCount, lastHitAt: lastHitAt)
    }
}
