/// What identifies a training run in the store: which backend, on which data, with which configuration.
///
/// Two requests with the same key are the same work: the second is served from the store. The
/// configuration is hashed from its canonical JSON, so member order and number spelling never matter.
public struct TrainingKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The stable id of the training backend, such as `"openai"` or `"process:train"`.
    public let backendID: String
    /// Lowercase hex SHA-256 of the dataset's bytes.
    public let datasetHash: String
    /// Lowercase hex SHA-256 of the configuration's RFC 8785 canonical JSON.
    public let configHash: String

    /// Makes a key from its three parts.
    public init(backendID: String, datasetHash: String, configHash: String) {
        self.backendID = backendID
        self.datasetHash = datasetHash
        self.configHash = configHash
    }

    public var description: String {
        "\(backendID)/\(datasetHash.prefix(12))/\(configHash.prefix(12))"
    }
}
