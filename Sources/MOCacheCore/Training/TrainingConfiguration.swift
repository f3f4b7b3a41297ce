/// How a training request becomes the configuration whose hash keys it: pure functions.
public enum TrainingConfiguration {
    /// The configuration of a request, as the JSON object that is hashed into its ``TrainingKey``.
    ///
    /// Members: `base_model`, `hyperparameters`, `options`, and when given, `suffix`, `namespace` (a
    /// label of your own, such as a code version, that separates otherwise identical runs) and
    /// `replicate` (1, 2, ... to train the same configuration again on purpose; 0 is left out).
    /// Members that are absent by default stay absent, so adding an option later never changes the
    /// keys of runs that do not use it.
    public static func json(for request: TrainingRequest, namespace: String? = nil, replicate: Int = 0) -> JSONValue {
        var members: [String: JSONValue] = [
            "base_model": .string(request.baseModel),
            "hyperparameters": request.hyperparameters,
            "options": request.options,
        ]
        if let suffix = request.suffix { members["suffix"] = .string(suffix) }
        if let namespace { members["namespace"] = .string(namespace) }
        if replicate != 0 { members["replicate"] = .number(Double(replicate)) }
        return .object(members)
    }

    /// The store key of a request on a backend, for data with the given hash.
    ///
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/invalidConfig`` when the configuration has no
    ///   canonical form (a NaN, an integer beyond ±2^53, ...), naming the JSON path.
    public static func key(
        for request: TrainingRequest, backendID: String, datasetHash: String, namespace: String? = nil,
        replicate: Int = 0
    ) throws -> TrainingKey {
        let config = json(for: request, namespace: namespace, replicate: replicate)
        return TrainingKey(backendID: backendID, datasetHash: datasetHash, configHash: try config.configHash())
    }
}
