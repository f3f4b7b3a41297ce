import Foundation
import GRDB
import MOCacheCore

// MARK: - Training runs

extension SQLiteCacheBackend {
    /// The stored run for a key, in any status, or `nil`.
    ///
    /// This is the cache-hit lookup: one prepared statement, no transaction and no write, on the pool's
    /// writer connection while no write wants it (``lookup(sql:arguments:_:)``). Counting the hit is ``recordHit(_:)``'s job.
    public func trainingRun(for key: TrainingKey) async throws -> TrainingRunRecord? {
        try lookupEntry(SQLiteTrainingTable.self, key)
    }

    public func claimTrainingRun(for key: TrainingKey, config: JSONValue, lease request: LeaseRequest)
        async throws -> ClaimOutcome<TrainingRunRecord>
    {
        let configJSON = try SQLiteStoredJSON.text(config, column: "training_runs.config_json")
        return try await claimEntry(SQLiteTrainingTable.self, key, inputJSON: configJSON, lease: request)
    }

    public func recordTrainingJobStarted(for key: TrainingKey, jobID: String, worker: Worker) async throws {
        try await recordEntryJobStarted(SQLiteTrainingTable.self, key, jobID: jobID, worker: worker)
    }

    @discardableResult
    public func finishTrainingRun(for key: TrainingKey, owner: String, outcome: TrainingOutcome) async throws
        -> TrainingRunRecord
    {
        let ending: SQLiteEntryEnding
        switch outcome {
        case .succeeded(let modelID, let metadata):
            let metadataJSON = try metadata.map { try SQLiteStoredJSON.text($0, column: "training_runs.metadata_json") }
            ending = .succeeded(SQLiteTrainingTable.successArguments(modelID: modelID, metadataJSON: metadataJSON))
        case .failed(let message):
            ending = .ended(.failed, message: message)
        case .cancelled(let message):
            ending = .ended(.cancelled, message: message)
        }
        return try await finishEntry(SQLiteTrainingTable.self, key, owner: owner, ending: ending)
    }
}
