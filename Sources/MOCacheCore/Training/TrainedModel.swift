/// The result of a training run: the model it produced, and whether the cache served it.
public struct TrainedModel: Hashable, Codable, Sendable {
    /// The trained model's id, as the backend names it.
    public let modelID: String
    /// What else the backend reported (final loss, token counts, ...).
    public let metadata: JSONValue?
    /// The backend's job id, when known.
    public let jobID: String?
    /// `true` when the result came from the store and no backend was called.
    public let servedFromCache: Bool

    /// Makes a result.
    public init(modelID: String, metadata: JSONValue? = nil, jobID: String? = nil, servedFromCache: Bool = false) {
        self.modelID = modelID
        self.metadata = metadata
        self.jobID = jobID
        self.servedFromCache = servedFromCache
    }
}
