/// A dataset ready for a backend: the data, its hash, the file id when it was uploaded, and the store
/// key of the entry the job is for.
public struct PreparedDataset: Hashable, Sendable {
    /// The data.
    public let dataset: Dataset
    /// Lowercase hex SHA-256 of its bytes.
    public let hash: String
    /// The backend's id for the uploaded file, for backends that upload.
    public let uploadedFileID: String?
    /// The store key of the entry this job is for, when a cached wrapper starts it; `nil` with the cache
    /// off, when refreshing (the job is paid again on purpose) or without a wrapper. A backend whose jobs live on a service can tag a job with it, so that
    /// a successor of a process that died between creating the job and storing its id finds the job
    /// instead of paying for a second one.
    public let key: TrainingKey?

    /// Makes a prepared dataset.
    public init(dataset: Dataset, hash: String, uploadedFileID: String? = nil, key: TrainingKey? = nil) {
        self.dataset = dataset
        self.hash = hash
        self.uploadedFileID = uploadedFileID
        self.key = key
    }
}
