/// One task's score: its metrics, sample count and log, and which stored entry it is.
public struct EvalTaskResult: Hashable, Codable, Sendable {
    /// Metric name to value, such as `["accuracy": 0.91]`.
    public let metrics: [String: Double]
    /// How many samples were scored.
    public let sampleCount: Int?
    /// Where the harness wrote its log.
    public let logPath: String?
    /// `true` when the result came from the store and no backend was called.
    public let servedFromCache: Bool
    /// The store key of the task, when the result came from the store or was stored: set by
    /// ``CachedEvalBackend``; `nil` from a backend alone, and when the wrapper ran the backend without
    /// storing (policies ``CachePolicy/off`` and ``CachePolicy/readOnly``).
    public let key: EvalKey?
    /// The row id of the stored result (``EvalResultRecord/id``, the `34` of `e34`), set together with
    /// ``key``.
    public let entryID: Int64?

    /// Makes a task result. Backends leave `key` and `entryID` out: the cached wrapper sets them.
    public init(
        metrics: [String: Double], sampleCount: Int? = nil, logPath: String? = nil, servedFromCache: Bool = false,
        key: EvalKey? = nil, entryID: Int64? = nil
    ) {
        self.metrics = metrics
        self.sampleCount = sampleCount
        self.logPath = logPath
        self.servedFromCache = servedFromCache
        self.key = key
        self.entryID = entryID
    }
}
