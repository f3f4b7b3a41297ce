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

    /// The stored runs among the given keys: each key is one indexed lookup, all in one read transaction,
    /// in key order so that neighbouring lookups share the index pages they read.
    public func trainingRuns(for keys: [TrainingKey]) async throws -> [TrainingKey: TrainingRunRecord] {
        guard !keys.isEmpty else { return [:] }
        if keys.count == 1, let key = keys.first {
            return try lookupEntry(SQLiteTrainingTable.self, key).map { [key: $0] } ?? [:]
        }
        let ordered = Set(keys).sorted {
            ($0.backendID, $0.datasetHash, $0.configHash) < ($1.backendID, $1.datasetHash, $1.configHash)
        }
        return try await read { db in
            var found: [TrainingKey: TrainingRunRecord] = [:]
            for key in ordered {
                if let record = try Self.fetchEntry(SQLiteTrainingTable.self, key, db) { found[key] = record }
            }
            return found
        }
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
