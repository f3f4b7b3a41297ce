import Foundation

/// Writes what a store holds as `mocache export` records, for another machine to import.
///
/// Only succeeded training runs and eval results are exported (they are what a cache serves), with the
/// dataset uploads; oldest first, so that an import adds them in the order they were made.
///
/// ```swift
/// for record in try await CacheExport.records(from: store) { print(try record.line()) }
/// ```
public enum CacheExport {
    /// Which records to export.
    public struct Filter: Hashable, Sendable {
        /// Export training runs.
        public var trainingRuns: Bool
        /// Export eval results.
        public var evalResults: Bool
        /// Export dataset uploads.
        public var datasetUploads: Bool
        /// Only entries of this backend (training or eval backend).
        public var backendID: String?
        /// Only entries created (uploads: uploaded) at or after this time.
        public var since: Date?
        /// Only this model: the training runs that produced it and its eval results.
        public var modelID: String?

        /// Makes a filter; by default everything is exported.
        public init(
            trainingRuns: Bool = true, evalResults: Bool = true, datasetUploads: Bool = true, backendID: String? = nil,
            since: Date? = nil, modelID: String? = nil
        ) {
            self.trainingRuns = trainingRuns
            self.evalResults = evalResults
            self.datasetUploads = datasetUploads
            self.backendID = backendID
            self.since = since
            self.modelID = modelID
        }
    }

    /// The records a filter selects: training runs, then eval results, then uploads, each oldest first.
    public static func records(from store: any CacheBackend, filter: Filter = Filter()) async throws
        -> [ExchangeRecord]
    {
        var records: [ExchangeRecord] = []
        if filter.trainingRuns {
            let runs = try await store.trainingRuns(
                matching: TrainingRunFilter(
                    backendID: filter.backendID, modelID: filter.modelID, status: .succeeded,
                    createdSince: filter.since))
            records += runs.reversed().map(ExchangeRecord.trainingRun)
        }
        if filter.evalResults {
            let results = try await store.evalResults(
                matching: EvalResultFilter(
                    backendID: filter.backendID, modelID: filter.modelID, status: .succeeded,
                    createdSince: filter.since))
            records += results.reversed().map(ExchangeRecord.evalResult)
        }
        if filter.datasetUploads && filter.modelID == nil {
            let uploads = try await store.datasetUploads().filter { upload in
                (filter.backendID.map { $0 == upload.backendID } ?? true)
                    && (filter.since.map { upload.uploadedAt >= $0 } ?? true)
            }
            records += uploads.sorted { ($0.uploadedAt, $0.backendID) < ($1.uploadedAt, $1.backendID) }
                .map(ExchangeRecord.datasetUpload)
        }
        return records
    }
}
