/// What every store checks before it imports a record: that it holds a result to store.
package enum ImportRecordCheck {
    /// Throws unless the run has a model id and a finish time, as a succeeded run must.
    package static func check(_ run: TrainingRunRecord) throws {
        guard let modelID = run.modelID, !modelID.isEmpty, run.finishedAt != nil else {
            throw MOCacheError(
                .invalidInput,
                "The training run \(run.key) cannot be imported: a succeeded run needs a model id and a finish time.")
        }
    }

    /// Throws unless the result has metrics (finite numbers) and a finish time, as a succeeded result must.
    package static func check(_ result: EvalResultRecord) throws {
        guard let metrics = result.metrics, metrics.values.allSatisfy(\.isFinite), result.finishedAt != nil else {
            throw MOCacheError(
                .invalidInput,
                "The eval result \(result.key) cannot be imported: a succeeded result needs finite metrics and a "
                    + "finish time.")
        }
    }
}
