/// Everything one import merges into a store: written in one transaction, all or nothing.
///
/// ``CacheBackend/importRecords(_:overwrite:)`` takes a batch so that a record the store refuses (a
/// constraint, a full disk) leaves the store exactly as it was, with none of the batch's other records
/// written.
public struct ImportBatch: Hashable, Sendable {
    /// Succeeded training runs, each with a model id and a finish time.
    public let trainingRuns: [TrainingRunRecord]
    /// Succeeded eval results, each with finite metrics and a finish time.
    public let evalResults: [EvalResultRecord]
    /// Files a backend already holds, by dataset hash.
    public let datasetUploads: [DatasetUpload]

    /// Makes a batch.
    public init(
        trainingRuns: [TrainingRunRecord] = [], evalResults: [EvalResultRecord] = [],
        datasetUploads: [DatasetUpload] = []
    ) {
        self.trainingRuns = trainingRuns
        self.evalResults = evalResults
        self.datasetUploads = datasetUploads
    }

    /// Whether the batch holds no record.
    public var isEmpty: Bool { trainingRuns.isEmpty && evalResults.isEmpty && datasetUploads.isEmpty }
}
