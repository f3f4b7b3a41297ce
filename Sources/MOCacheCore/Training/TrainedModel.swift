/// The result of a training run: the model it produced, whether the cache served it, and which stored
/// entry it is.
public struct TrainedModel: Hashable, Codable, Sendable {
    /// The trained model's id, as the backend names it.
    public let modelID: String
    /// What else the backend reported (final loss, token counts, ...).
    public let metadata: JSONValue?
    /// The backend's job id, when known.
    public let jobID: String?
    /// `true` when the result came from the store and no backend was called.
    public let servedFromCache: Bool
    /// The store key of the run, when the result came from the store or was stored: set by
    /// ``CachedTrainingBackend``; `nil` from a backend alone, and when the wrapper ran the backend
    /// without storing (policies ``CachePolicy/off`` and ``CachePolicy/readOnly``).
    public let key: TrainingKey?
    /// The row id of the stored run (``TrainingRunRecord/id``, the `12` of `t12`), set together with
    /// ``key``. Look the run up with `TrainingRunFilter(ids: [entryID])`, without hashing anything.
    public let entryID: Int64?

    /// Makes a result. Backends leave `key` and `entryID` out: the cached wrapper sets them.
    public init(
        modelID: String, metadata: JSONValue? = nil, jobID: String? = nil, servedFromCache: Bool = false,
        key: TrainingKey? = nil, entryID: Int64? = nil
    ) {
        self.modelID = modelID
        self.metadata = metadata
        self.jobID = jobID
        self.servedFromCache = servedFromCache
        self.key = key
        self.entryID = entryID
    }
}
