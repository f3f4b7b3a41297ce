/// How one evaluation task ended, as recorded by ``CacheBackend/finishEvalResult(for:owner:outcome:)``.
public enum EvalOutcome: Hashable, Sendable {
    /// The task was scored.
    case succeeded(metrics: [String: Double], sampleCount: Int?, logPath: String?)
    /// The task failed with this error.
    case failed(String)
    /// The task was cancelled.
    case cancelled(String)
}
