/// Something that scores models on tasks: an eval harness, a service, a test double.
///
/// Wrap any backend in ``CachedEvalBackend`` so that each (model, task, params) is scored once.
public protocol EvalBackend: Sendable {
    /// A stable id that becomes part of every eval key.
    var backendID: String { get }

    /// Starts evaluating a model on the request's tasks and returns at once with the job's handle.
    func startEval(_ request: EvalRequest) async throws -> any EvalJob
}
