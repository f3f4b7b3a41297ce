import Foundation

/// One training run as stored: its key, its configuration, where it stands and what it produced.
///
/// The row behind it lives in the `training_runs` table; the `models` view shows the succeeded ones.
public struct TrainingRunRecord: Hashable, Codable, Sendable, Identifiable {
    /// The row id.
    public let id: Int64
    /// Backend, dataset hash and config hash.
    public let key: TrainingKey
    /// The configuration, whose canonical JSON hashes to ``TrainingKey/configHash``.
    public var config: JSONValue { configDocument.value }
    /// Where the run stands.
    public let status: EntryStatus
    /// The backend's job id, recorded as soon as the job started.
    public let jobID: String?
    /// The trained model, once the run succeeded.
    public let modelID: String?
    /// What else the backend reported about the trained model.
    public var metadata: JSONValue? { metadataDocument?.value }
    /// The error of a failed or cancelled run.
    public let error: String?
    /// When the key was first claimed.
    public let createdAt: Date
    /// When the job started.
    public let startedAt: Date?
    /// When the run succeeded, failed or was cancelled.
    public let finishedAt: Date?
    /// The host that ran the job.
    public let host: String?
    /// The process that ran the job.
    public let pid: Int32?
    /// The claim of the worker doing the job, while one is.
    public let lease: Lease?
    /// How many times this run was served from the cache.
    public let hitCount: Int
    /// When it was last served from the cache.
    public let lastHitAt: Date?

    /// The configuration, parsed on first use.
    private let configDocument: DeferredJSON
    /// The metadata, as a document (read eagerly by the SQLite store: every hit uses it).
    private let metadataDocument: DeferredJSON?

    private enum CodingKeys: String, CodingKey {
        case id, key, status, jobID, modelID, error, createdAt, startedAt, finishedAt, host, pid, lease, hitCount
        case lastHitAt
        case configDocument = "config"
        case metadataDocument = "metadata"
    }

    /// Makes a record. Stores make these; users read them.
    public init(
        id: Int64, key: TrainingKey, config: JSONValue, status: EntryStatus, jobID: String? = nil,
        modelID: String? = nil, metadata: JSONValue? = nil, error: String? = nil, createdAt: Date,
        startedAt: Date? = nil, finishedAt: Date? = nil, host: String? = nil, pid: Int32? = nil,
        lease: Lease? = nil, hitCount: Int = 0, lastHitAt: Date? = nil
    ) {
        self.init(
            id: id, key: key, configDocument: DeferredJSON(config), status: status, jobID: jobID, modelID: modelID,
            metadataDocument: metadata.map(DeferredJSON.init), error: error, createdAt: createdAt,
            startedAt: startedAt, finishedAt: finishedAt, host: host, pid: pid, lease: lease, hitCount: hitCount,
            lastHitAt: lastHitAt)
    }

    /// Makes a record whose JSON documents may still be text (``DeferredJSON``): how a store reads one.
    package init(
        id: Int64, key: TrainingKey, configDocument: DeferredJSON, status: EntryStatus, jobID: String?,
        modelID: String?, metadataDocument: DeferredJSON?, error: String?, createdAt: Date, startedAt: Date?,
        finishedAt: Date?, host: String?, pid: Int32?, lease: Lease?, hitCount: Int, lastHitAt: Date?
    ) {
        self.id = id
        self.key = key
        self.configDocument = configDocument
        self.status = status
        self.jobID = jobID
        self.modelID = modelID
        self.metadataDocument = metadataDocument
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

    /// The compute time the run took, from start to finish: what each cache hit saves.
    public var computeSeconds: Double? {
        guard let startedAt, let finishedAt else { return nil }
        return finishedAt.timeIntervalSince(startedAt)
    }
}
