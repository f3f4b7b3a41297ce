/// How a training job ended, as recorded by ``CacheBackend/finishTrainingRun(for:owner:outcome:)``.
public enum TrainingOutcome: Hashable, Sendable {
    /// The job produced a model.
    case succeeded(modelID: String, metadata: JSONValue?)
    /// The job failed with this error.
    case failed(String)
    /// The job was cancelled.
    case cancelled(String)
}
