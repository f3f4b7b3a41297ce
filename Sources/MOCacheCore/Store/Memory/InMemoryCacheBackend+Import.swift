import Foundation

// MARK: - Import

extension InMemoryCacheBackend {
    public func importTrainingRuns(_ runs: [TrainingRunRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try trainingTable.importRecords(runs, overwrite: overwrite)
    }

    public func importEvalResults(_ results: [EvalResultRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try evalTable.importRecords(results, overwrite: overwrite)
    }

    /// Checks every record first, then merges them all: the actor makes the whole batch one step.
    public func importRecords(_ batch: ImportBatch, overwrite: Bool) async throws -> ImportDispositions {
        for run in batch.trainingRuns { try InMemoryTrainingRow.checkImport(run) }
        for result in batch.evalResults { try InMemoryEvalRow.checkImport(result) }
        let runs = try trainingTable.importRecords(batch.trainingRuns, overwrite: overwrite)
        let results = try evalTable.importRecords(batch.evalResults, overwrite: overwrite)
        let uploadDispositions = batch.datasetUploads.map { upload in
            let decision = ImportRule.decide(
                upload: upload, stored: uploads[upload.backendID]?[upload.datasetHash], overwrite: overwrite)
            if decision == .insert || decision == .replace {
                uploads[upload.backendID, default: [:]][upload.datasetHash] = upload
            }
            return ImportRule.uploadDisposition(decision)
        }
        return ImportDispositions(trainingRuns: runs, evalResults: results, datasetUploads: uploadDispositions)
    }
}
