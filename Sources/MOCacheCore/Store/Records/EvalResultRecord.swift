import Foundation

/// One task's evaluation of one model as stored: its key, parameters, where it stands, its metrics.
///
/// The row behind it lives in the `eval_results` table; the `evals` and `eval_metrics` views show it.
public struct EvalResultRecord: Hashable, Codable, Sendable, Identifiable {
    /// The row id.
    public let id: Int64
    /// Backend, model, task and params hash.
    public let key: EvalKey
    /// The eval parameters, whose canonical JSON hashes to ``EvalKey/paramsHash``.
    public var params: JSONValue { paramsDocument.value }
    /// Where the evaluation stands.
    public let status: EntryStatus
    /// The backend's job id, when it has one.
    public let jobID: String?
    /// The metrics, once the evaluation succeeded.
    public let metrics: [String: Double]?
    /// How many samples the task scored.
    public let sampleCount: Int?
    /// Where the harness wrote its log.
    public let logPath: String?
    /// The error of a failed or cancelled evaluation.
    public let error: String?
    /// When the key was first claimed.
    public let createdAt: Date
    /// When the job started.
    public let startedAt: Date?
    /// When the evaluation finished.
    public let finishedAt: Date?
    /// The host that ran the job.
    public let host: String?
    /// The process that ran the job.
    public let pid: Int32?
    /// The claim of the worker doing the job, while one is.
    public let lease: Lease?
    /// How many times this result was served from the cache.
    public let hitCount: Int
    /// When it was last served from the cache.
    public let lastHitAt: Date?

    /// The parameters, parsed on first use.
    private let paramsDocument: DeferredJSON

    private enum CodingKeys: String, CodingKey {
        case id, key, status, jobID, metrics, sampleCount, logPath, error, createdAt, startedAt, finishedAt, host
        case pid, lease, hitCount, lastHitAt
        case paramsDocument = "params"
    }

    /// Makes a record. Stores make these; users read them.
    public init(
        id: Int64, key: EvalKey, params: JSONValue, status: EntryStatus, jobID: String? = nil,
        metrics: [String: Double]? = nil, sampleCount: Int? = nil, logPath: String? = nil,
        error: String? = nil, createdAt: Date, startedAt: Date? = nil, finishedAt: Date? = nil,
        host: String? = nil, pid: Int32? = nil, lease: Lease? = nil, hitCount: Int = 0,
        lastHitAt: Date? = nil
    ) {
        self.init(
            id: id, key: key, paramsDocument: DeferredJSON(params), status: status, jobID: jobID, metrics: metrics,
            sampleCount: sampleCount, logPath: logPath, error: error, createdAt: createdAt, startedAt: startedAt,
            finishedAt: finishedAt, host: host, pid: pid, lease: lease, hitCount: hitCount, lastHitAt: lastHitAt)
    }

    /// Makes a record whose parameters may still be text (``DeferredJSON``): how a store reads one.
    package init(
        id: Int64, key: EvalKey, paramsDocument: DeferredJSON, status: EntryStatus, jobID: String?,
        metrics: [String: Double]?, sampleCount: Int?, logPath: String?, error: String?, createdAt: Date,
        startedAt: Date?, finishedAt: Date?, host: String?, pid: Int32?, lease: Lease?, hitCount: Int,
        lastHitAt: Date?
    ) {
        self.id = id
        self.key = key
        self.paramsDocument = paramsDocument
        self.status = status
        self.jobID = jobID
        self.metrics = metrics
        self.sampleCount = sampleCount
        self.logPath = logPath
        self.error = error
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.host = host
        self.pid = pid
        self.lease = lease
        self.hitCount = hitCount
        self.lastHitAt = lastHitAt
    }

    /// The compute time the evaluation took: what each cache hit saves.
    public var computeSeconds: Double? {
        guard let startedAt, let finishedAt else { return nil }
        return finishedAt.timeIntervalSince(startedAt)
    }
}
