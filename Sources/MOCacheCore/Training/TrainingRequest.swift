/// What to train: the data, the base model, and every setting that shapes the result.
///
/// Everything but the data goes into the configuration whose canonical JSON is hashed into the
/// ``TrainingKey``; see ``configuration(namespace:replicate:)``.
public struct TrainingRequest: Hashable, Codable, Sendable {
    /// The training data.
    public let dataset: Dataset
    /// The model to fine-tune, such as `"gpt-4o-mini-2024-07-18"`.
    public let baseModel: String
    /// Learning rate, epochs, batch size and the like, as a JSON object.
    public let hyperparameters: JSONValue
    /// A suffix for the trained model's name, where the backend supports one.
    public let suffix: String?
    /// Any other backend options, as a JSON object.
    public let options: JSONValue

    /// Makes a request.
    public init(
        dataset: Dataset, baseModel: String, hyperparameters: JSONValue = .object([:]),
        suffix: String? = nil, options: JSONValue = .object([:])
    ) {
        self.dataset = dataset
        self.baseModel = baseModel
        self.hyperparameters = hyperparameters
        self.suffix = suffix
        self.options = options
    }
}
