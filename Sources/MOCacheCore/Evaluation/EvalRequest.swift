/// What to evaluate: one model on a list of tasks, with parameters shared by every task.
public struct EvalRequest: Hashable, Codable, Sendable {
    /// The model to evaluate.
    public let modelID: String
    /// The tasks to run, such as `["mmlu", "gsm8k"]`.
    public let tasks: [String]
    /// Shot count, sample limit, temperature and the like, as a JSON object. Its canonical hash is
    /// part of each task's ``EvalKey``.
    public let params: JSONValue

    /// Makes a request.
    public init(modelID: String, tasks: [String], params: JSONValue = .object([:])) {
        self.modelID = modelID
        self.tasks = tasks
        self.params = params
    }
}
