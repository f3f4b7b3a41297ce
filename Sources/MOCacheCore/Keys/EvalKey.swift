/// What identifies one evaluation result in the store: one task of one model, with given parameters.
///
/// Suites are cached task by task, so a suite whose tasks are partly stored only runs the rest.
public struct EvalKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The stable id of the evaluation backend.
    public let backendID: String
    /// The model that was evaluated.
    public let modelID: String
    /// The task's name, such as `"mmlu"`.
    public let task: String
    /// Lowercase hex SHA-256 of the eval parameters' RFC 8785 canonical JSON.
    public let paramsHash: String

    /// Makes a key from its four parts.
    public init(backendID: String, modelID: String, task: String, paramsHash: String) {
        self.backendID = backendID
        self.modelID = modelID
        self.task = task
        self.paramsHash = paramsHash
    }

    public var description: String { "\(backendID)/\(modelID)/\(task)/\(paramsHash.prefix(12))" }
}
