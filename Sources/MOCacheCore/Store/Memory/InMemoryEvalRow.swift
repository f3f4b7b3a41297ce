import Foundation

/// One evaluation result as ``InMemoryCacheBackend`` keeps it: the fields of an ``EvalResultRecord``,
/// mutable.
struct InMemoryEvalRow: InMemoryRow {
    var entry: InMemoryEntry
    let key: EvalKey
    var params: JSONValue
    var metrics: [String: Double]?
    var sampleCount: Int?
    var logPath: String?

    init(_ entry: InMemoryEntry, key: EvalKey, document params: JSONValue) {
        self.entry = entry
        self.key = key
        self.params = params
    }

    init(imported result: EvalResultRecord, id: Int64) {
        let entry = InMemoryEntry(
            imported: id, createdAt: result.createdAt, jobID: result.jobID, startedAt: result.startedAt,
            finishedAt: result.finishedAt, host: result.host, pid: result.pid)
        self.init(entry, key: result.key, document: result.params)
        metrics = result.metrics
        sampleCount = result.sampleCount
        logPath = result.logPath
    }

    mutating func reset(for params: JSONValue) {
        self.params = params
        metrics = nil
        sampleCount = nil
        logPath = nil
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
            id: entry.id, key: key, params: params, status: entry.status, jobID: entry.jobID, metrics: metrics,
            sampleCount: sampleCount, logPath: logPath, error: entry.error, createdAt: entry.createdAt,
            startedAt: entry.startedAt, finishedAt: entry.finishedAt, host: entry.host, pid: entry.pid,
            lease: entry.lease, hitCount: entry.hitCount, lastHitAt: entry.lastHitAt)
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
