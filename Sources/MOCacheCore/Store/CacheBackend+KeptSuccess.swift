import Foundation

extension CacheBackend {
    /// Stores the model a finished training job made, even when its entry vanished while the job ran.
    ///
    /// The rule every store shares: a job that was paid for keeps its result. Ordinarily this is
    /// ``finishTrainingRun(for:owner:outcome:)``. When the store holds no entry for the key any more
    /// (someone removed it with `mocache rm --force` while the job ran), the key is claimed again and the
    /// success is recorded on the new entry with the job's id, so that the model id the caller prints is
    /// the one the store serves. When another worker stored a success meanwhile, that one is kept and
    /// returned, as ``finishTrainingRun(for:owner:outcome:)`` does.
    ///
    /// - Returns: The entry as stored.
    package func finishTrainingRunKeepingSuccess(
        for key: TrainingKey, config: JSONValue, worker: Worker, jobID: String?, leaseDuration: TimeInterval,
        modelID: String, metadata: JSONValue?
    ) async throws -> TrainingRunRecord {
        let outcome = TrainingOutcome.succeeded(modelID: modelID, metadata: metadata)
        do {
            return try await finishTrainingRun(for: key, owner: worker.owner, outcome: outcome)
        } catch let error as MOCacheError where error.code == .notFound {
            let lease = LeaseRequest(worker: worker, duration: leaseDuration, refresh: false)
            switch try await claimTrainingRun(for: key, config: config, lease: lease) {
            case .completed(let record):
                return record
            case .claimed:
                if let jobID { try await recordTrainingJobStarted(for: key, jobID: jobID, worker: worker) }
            case .heldElsewhere:
                // Another worker claimed the key anew and runs its own job: this success is recorded all
                // the same (a success needs no lease), and that worker's later one is then not stored.
                break
            }
            return try await finishTrainingRun(for: key, owner: worker.owner, outcome: outcome)
        }
    }
}
