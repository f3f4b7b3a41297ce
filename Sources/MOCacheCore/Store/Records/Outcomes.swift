/// How a training job ended, as recorded by ``CacheBackend/finishTrainingRun(for:owner:outcome:)``.
public enum TrainingOutcome: Hashable, Sendable {
    /// The job produced a model.
    case succeeded(modelID: String, metadata: JSONValue?)
    /// The job failed with this error.
    case failed(String)
    /// The job was cancelled.
    case cancelled(String)
}

/// How one evaluation task ended, as recorded by ``CacheBackend/finishEvalResult(for:owner:outcome:)``.
public enum EvalOutcome: Hashable, Sendable {
    /// The task was scored.
    case succeeded(metrics: [String: Double], sampleCount: Int?, logPath: String?)
    /// The task failed with this error.
    case failed(String)
    /// The task was cancelled.
    case cancelled(String)
}
