import Foundation

/// A dataset a backend has already received: the file id it gave, so the data is never uploaded twice.
public struct DatasetUpload: Hashable, Codable, Sendable {
    /// The backend that holds the file.
    public let backendID: String
    /// Lowercase hex SHA-256 of the dataset's bytes.
    public let datasetHash: String
    /// The backend's id for the uploaded file.
    public let fileID: String
    /// When it was uploaded.
    public let uploadedAt: Date

    /// Makes an upload record.
    public init(backendID: String, datasetHash: String, fileID: String, uploadedAt: Date) {
        self.backendID = backendID
        self.datasetHash = datasetHash
        self.fileID = fileID
        self.uploadedAt = uploadedAt
    }
}
