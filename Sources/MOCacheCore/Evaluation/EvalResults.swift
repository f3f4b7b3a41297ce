/// The results of an evaluation suite, task by task.
///
/// A suite can partly fail: tasks that were scored are in ``tasks``, tasks that failed are in
/// ``failures`` with their errors, so that one broken task never throws away the others' scores.
public struct EvalResults: Hashable, Codable, Sendable {
    /// The model that was evaluated.
    public let modelID: String
    /// Each scored task's result, by task name.
    public let tasks: [String: EvalTaskResult]
    /// Each failed task's error, by task name.
    public let failures: [String: String]

    /// Makes suite results.
    public init(modelID: String, tasks: [String: EvalTaskResult], failures: [String: String] = [:]) {
        self.modelID = modelID
        self.tasks = tasks
        self.failures = failures
    }

    /// These results, or an error naming every failed task when any failed.
    ///
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/jobFailed``.
    public func requireAllSucceeded() throws -> EvalResults {
        guard failures.isEmpty else {
            let list = failures.sorted { $0.key < $1.key }.map { "- \($0.key): \($0.value)" }
            throw MOCacheError(
                .jobFailed,
                "\(failures.count) of \(failures.count + tasks.count) eval tasks of \(modelID) failed "
                    + "(the others were kept):\n" + list.joined(separator: "\n"))
        }
        return self
    }
}
