import MOCacheCore

/// The body of `POST /fine_tuning/jobs` for a training request: a pure function.
///
/// - `model` is the request's base model, `training_file` the uploaded dataset, `suffix` the
///   request's suffix;
/// - `method` is `{"type": "supervised", "supervised": {"hyperparameters": ...}}` with the request's
///   hyperparameters as they are (`n_epochs`, `batch_size`, `learning_rate_multiplier`: numbers or
///   `"auto"`; the service judges them);
/// - every member of the request's options is passed through as a member of the body:
///   `validation_file` (a file id), `seed`, `metadata`, `integrations`, and whatever the API adds.
enum OpenAIJobRequest {
    /// Members of the body that come from the request itself, not from its options.
    static let reserved = ["model", "training_file", "method", "hyperparameters", "suffix"]

    /// The body for `request`, training on the file `trainingFile`, its `metadata` with `tags` added
    /// (mocache's own, which win over the options' members of the same name).
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidConfig`` when the options
    ///   or hyperparameters are not JSON objects, or when the options set a member that comes from
    ///   elsewhere in the configuration.
    static func body(for request: TrainingRequest, trainingFile: String, tags: [String: String] = [:]) throws
        -> JSONValue
    {
        guard let hyperparameters = request.hyperparameters.objectValue else {
            throw MOCacheError(
                .invalidConfig, "The training configuration's hyperparameters must be a JSON object for OpenAI.")
        }
        guard let options = request.options.objectValue else {
            throw MOCacheError(.invalidConfig, "The training configuration's options must be a JSON object for OpenAI.")
        }
        for name in reserved where options[name] != nil {
            throw MOCacheError(
                .invalidConfig,
                "options.\(name) cannot be given for OpenAI: "
                    + (name == "model"
                        ? "set base_model instead"
                        : name == "suffix"
                            ? "set suffix at the top of the configuration instead"
                            : name == "training_file"
                                ? "the dataset is uploaded and named by mocache"
                                : "set the hyperparameters under \"hyperparameters\"; the method is supervised")
                    + ".")
        }
        var body = options
        if !tags.isEmpty {
            guard var metadata = (options["metadata"] ?? .object([:])).objectValue else {
                throw MOCacheError(
                    .invalidConfig, "options.metadata must be a JSON object of strings for OpenAI.")
            }
            for (name, value) in tags { metadata[name] = .string(value) }
            body["metadata"] = .object(metadata)
        }
        body["model"] = .string(request.baseModel)
        body["training_file"] = .string(trainingFile)
        if let suffix = request.suffix { body["suffix"] = .string(suffix) }
        body["method"] = [
            "type": "supervised",
            "supervised": ["hyperparameters": .object(hyperparameters)],
        ]
        return .object(body)
    }
}
