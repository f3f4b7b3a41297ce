import Foundation

/// One evaluation result as ``InMemoryCacheBackend`` keeps it: the fields of an ``EvalResultRecord``,
/// mutable.
struct InMemoryEvalRow: InMemoryRow {
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

    init(id: Int64, key: EvalKey, document params: JSONValue, createdAt: Date, lease: Lease) {
        self.id = id
        self.key = key
        self.params = params
        self.status = .pending
        self.createdAt = createdAt
        self.lease = lease
    }

    init(imported result: EvalResultRecord, id: Int64) {
        self.init(
            id: id, key: result.key, document: result.params, createdAt: result.createdAt,
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

    mutating func reset(for params: JSONValue) {
        self.params = params
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

    /// A failure clears the metrics and the sample count, and keeps the log path.
    mutating func keepResult(of outcome: EvalOutcome) {
        if case .succeeded(let metrics, let sampleCount, let logPath) = outcome {
            self.metrics = metrics
            self.sampleCount = sampleCount
            self.logPath = logPath
        } else {
            metrics = nil
            sampleCount = nil
        }
    }

    static func ending(of outcome: EvalOutcome) -> (status: EntryStatus, error: String?) {
        switch outcome {
        case .succeeded: (.succeeded, nil)
        case .failed(let message): (.failed, message)
        case .cancelled(let message): (.cancelled, message)
        }
    }

    var record: EvalResultRecord {
        EvalResultRecord(
            id: id, key: key, params: params, status: status, jobID: jobID, metrics: metrics,
            sampleCount: sampleCount, logPath: logPath, error: error, createdAt: createdAt,
            startedAt: startedAt, finishedAt: finishedAt, host: host, pid: pid, lease: lease,
            hitCount: hitCount, lastHitAt: lastHitAt)
    }

    func holdsResult(of result: EvalResultRecord) -> Bool {
        metrics == result.metrics
    }

    static func key(of result: EvalResultRecord) -> EvalKey {
        result.key
    }

    static func entryKey(_ key: EvalKey) -> EntryKey {
        .eval(key)
    }

    static func entryID(_ id: Int64) -> EntryID {
        .eval(id)
    }

    static func checkImport(_ result: EvalResultRecord) throws {
        try ImportRecordCheck.check(result)
    }
}
