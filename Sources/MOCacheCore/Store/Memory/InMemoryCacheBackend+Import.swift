import Foundation

// MARK: - Import

extension InMemoryCacheBackend {
    public func importTrainingRuns(_ runs: [TrainingRunRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try trainingTable.importRecords(runs, overwrite: overwrite)
    }

    public func importEvalResults(_ results: [EvalResultRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try evalTable.importRecords(results, overwrite: overwrite)
    }
}
