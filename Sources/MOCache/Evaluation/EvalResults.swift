/// One task's score: its metrics, sample count and log.
public struct EvalTaskResult: Hashable, Codable, Sendable {
    /// Metric name to value, such as `["accuracy": 0.91]`.
    public let metrics: [String: Double]
    /// How many samples were scored.
    public let sampleCount: Int?
    /// Where the harness wrote its log.
    public let logPath: String?
    /// `true` when the result came from the store and no backend was called.
    public let servedFromCache: Bool

    /// Makes a task result.
    public init(
        metrics: [String: Double], sampleCount: Int? = nil, logPath: String? = nil, servedFromCache: Bool = false
    ) {
        self.metrics = metrics
        self.sampleCount = sampleCount
        self.logPath = logPath
        self.servedFromCache = servedFromCache
    }
}

/// The results of an evaluation suite, task by task.
public struct EvalResults: Hashable, Codable, Sendable {
    /// The model that was evaluated.
    public let modelID: String
    /// Each task's result, by task name.
    public let tasks: [String: EvalTaskResult]

    /// Makes suite results.
    public init(modelID: String, tasks: [String: EvalTaskResult]) {
        self.modelID = modelID
        self.tasks = tasks
    }
}
