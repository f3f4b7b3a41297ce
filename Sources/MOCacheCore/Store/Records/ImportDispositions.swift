/// What ``CacheBackend/importRecords(_:overwrite:)`` did with each record of an ``ImportBatch``, in the
/// batch's order.
public struct ImportDispositions: Hashable, Sendable {
    /// One per training run.
    public let trainingRuns: [ImportDisposition]
    /// One per eval result.
    public let evalResults: [ImportDisposition]
    /// One per dataset upload.
    public let datasetUploads: [DatasetUploadDisposition]

    /// Makes the dispositions of a batch.
    public init(
        trainingRuns: [ImportDisposition], evalResults: [ImportDisposition],
        datasetUploads: [DatasetUploadDisposition]
    ) {
        self.trainingRuns = trainingRuns
        self.evalResults = evalResults
        self.datasetUploads = datasetUploads
    }
}
