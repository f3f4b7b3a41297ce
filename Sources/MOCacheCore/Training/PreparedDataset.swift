/// A dataset ready for a backend: the data, its hash, and the file id when it was uploaded.
public struct PreparedDataset: Hashable, Sendable {
    /// The data.
    public let dataset: Dataset
    /// Lowercase hex SHA-256 of its bytes.
    public let hash: String
    /// The backend's id for the uploaded file, for backends that upload.
    public let uploadedFileID: String?

    /// Makes a prepared dataset.
    public init(dataset: Dataset, hash: String, uploadedFileID: String? = nil) {
        self.dataset = dataset
        self.hash = hash
        self.uploadedFileID = uploadedFileID
    }
}
