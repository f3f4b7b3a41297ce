import Foundation

// MARK: - Training runs

extension InMemoryCacheBackend {
    public func trainingRun(for key: TrainingKey) async throws -> TrainingRunRecord? {
        trainingTable[key]?.record
    }

    public func trainingRuns(for keys: [TrainingKey]) async throws -> [TrainingKey: TrainingRunRecord] {
        var found: [TrainingKey: TrainingRunRecord] = [:]
        for key in keys {
            if let row = trainingTable[key] { found[key] = row.record }
        }
        return found
    }

    public func claimTrainingRun(for key: TrainingKey, config: JSONValue, lease request: LeaseRequest)
        async throws -> ClaimOutcome<TrainingRunRecord>
    {
        trainingTable.claim(key, document: config, lease: request, now: clock())
    }

    public func recordTrainingJobStarted(for key: TrainingKey, jobID: String, worker: Worker) async throws {
        try trainingTable.recordJobStarted(key, jobID: jobID, worker: worker, now: clock())
    }

    @discardableResult
    public func finishTrainingRun(for key: TrainingKey, owner: String, outcome: TrainingOutcome) async throws
        -> TrainingRunRecord
    {
        try trainingTable.finish(key, owner: owner, outcome: outcome, now: clock())
    }
}
