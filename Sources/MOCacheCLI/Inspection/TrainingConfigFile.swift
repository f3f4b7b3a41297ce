import MOCache

/// The training configuration file that `mocache train`, `mocache why-miss` and scripts pass around:
/// a JSON object with the parts of a ``TrainingRequest`` other than its data.
///
/// ```json
/// {
///   "base_model": "llama-3-8b",
///   "hyperparameters": {"learning_rate": 0.0001, "epochs": 3},
///   "options": {"lora_rank": 16},
///   "suffix": "support-bot"
/// }
/// ```
///
/// `base_model` is required; `hyperparameters` and `options` are objects (empty when left out);
/// `suffix`, `namespace` (a string) and `replicate` (a whole number) are optional. This is the same
/// object that ``TrainingConfiguration/json(for:namespace:replicate:)`` makes and the store keeps, so
/// the configuration that `mocache show` prints can be saved to a file and used again as it is.
public struct TrainingConfigFile: Hashable, Sendable {
    /// The members a configuration may have.
    public static let members = ["base_model", "hyperparameters", "options", "suffix", "namespace", "replicate"]

    /// The model to fine-tune.
    public let baseModel: String
    /// The hyperparameters object.
    public let hyperparameters: JSONValue
    /// The options object.
    public let options: JSONValue
    /// The suffix, when given.
    public let suffix: String?
    /// The namespace, when given.
    public let namespace: String?
    /// The replicate index; 0 when not given.
    public let replicate: Int

    /// Reads a configuration from its JSON object.
    ///
    /// - Parameters:
    ///   - json: The document.
    ///   - source: Where it came from (a file name), for error messages.
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidConfig`` naming the source and the
    ///   JSON path of what is wrong: not an object, no `base_model`, a member of the wrong type, an
    ///   unknown member.
    public init(json: JSONValue, source: String) throws {
        func invalid(_ path: String, _ reason: String) -> MOCacheError {
            MOCacheError.invalidTrainingConfig(source: source, at: path, reason)
        }
        guard case .object(let members) = json else {
            throw invalid("$", "a training configuration must be a JSON object with at least \"base_model\"")
        }
        for name in members.keys.sorted() where !Self.members.contains(name) {
            throw invalid(
                JSONPath([.key(name)]).description,
                "unknown member; a training configuration has "
                    + Self.members.map { "\"\($0)\"" }.joined(separator: ", ")
                    + " (put training settings under \"hyperparameters\")")
        }
        guard case .string(let baseModel)? = members["base_model"], !baseModel.isEmpty else {
            throw invalid("$.base_model", "a non-empty string is required (the model to fine-tune)")
        }
        for name in ["hyperparameters", "options"] {
            if let value = members[name], value.objectValue == nil {
                throw invalid("$.\(name)", "must be a JSON object")
            }
        }
        for name in ["suffix", "namespace"] {
            if let value = members[name], value.stringValue == nil {
                throw invalid("$.\(name)", "must be a string")
            }
        }
        var replicate = 0
        if let value = members["replicate"] {
            guard let number = value.doubleValue, number >= 0, number == number.rounded(), number < 1e9 else {
                throw invalid("$.replicate", "must be a whole number, 0 or more")
            }
            replicate = Int(number)
        }
        self.baseModel = baseModel
        self.hyperparameters = members["hyperparameters"] ?? .object([:])
        self.options = members["options"] ?? .object([:])
        self.suffix = members["suffix"]?.stringValue
        self.namespace = members["namespace"]?.stringValue
        self.replicate = replicate
    }

    /// The request to train this configuration on `dataset`.
    public func request(dataset: Dataset) -> TrainingRequest {
        TrainingRequest(
            dataset: dataset, baseModel: baseModel, hyperparameters: hyperparameters, suffix: suffix,
            options: options)
    }

    /// The namespace to use when a command line may also give one: the two must agree.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidConfig`` when both are given and
    ///   differ.
    public func namespace(overriddenBy given: String?, source: String) throws -> String? {
        guard let given else { return namespace }
        if let namespace, namespace != given {
            throw MOCacheError.invalidTrainingConfig(
                source: source, at: "$.namespace",
                "the file says \"\(namespace)\" but the command line says \"\(given)\"; give one of them")
        }
        return given
    }

    /// The replicate index to use when a command line may also give one: the two must agree.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidConfig`` when both are given and
    ///   differ.
    public func replicate(overriddenBy given: Int?, source: String) throws -> Int {
        guard let given else { return replicate }
        if replicate != 0, replicate != given {
            throw MOCacheError.invalidTrainingConfig(
                source: source, at: "$.replicate",
                "the file says \(replicate) but the command line says \(given); give one of them")
        }
        return given
    }
}
