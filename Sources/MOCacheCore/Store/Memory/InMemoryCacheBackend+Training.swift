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
        let outcome = trainingTable.claim(key, document: config, lease: request, now: clock())
        if case .claimed = outcome, let fence = trainingTable.fence(of: key) {
            fences.remember(fence, for: .training(key), owner: request.worker.owner)
        }
        return outcome
    }

    public func recordTrainingJobStarted(for key: TrainingKey, jobID: String, worker: Worker) async throws {
        let fence = fences.fence(for: .training(key), owner: worker.owner)
        try trainingTable.recordJobStarted(key, jobID: jobID, worker: worker, fence: fence, now: clock())
    }

    @discardableResult
    public func finishTrainingRun(for key: TrainingKey, owner: String, outcome: TrainingOutcome) async throws
        -> TrainingRunRecord
    {
        let fence = fences.fence(for: .training(key), owner: owner)
        fences.forget(.training(key), owner: owner)
        return try trainingTable.finish(key, owner: owner, outcome: outcome, fence: fence, now: clock())
    }
}
