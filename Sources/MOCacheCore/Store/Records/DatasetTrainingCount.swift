import Foundation

/// How many training runs one backend has on one dataset, and when the newest was created: what
/// `mocache datasets` shows, counted by the store rather than by reading every run.
public struct DatasetTrainingCount: Hashable, Codable, Sendable {
    /// Lowercase hex SHA-256 of the dataset's bytes.
    public let datasetHash: String
    /// The training backend.
    public let backendID: String
    /// Its training runs on the dataset, in any status.
    public let runs: Int
    /// When the newest of them was created.
    public let lastCreatedAt: Date

    /// Makes a count.
    public init(datasetHash: String, backendID: String, runs: Int, lastCreatedAt: Date) {
        self.datasetHash = datasetHash
        self.backendID = backendID
        self.runs = runs
        self.lastCreatedAt = lastCreatedAt
    }
}
