import Foundation

// MARK: - Training runs

extension InMemoryCacheBackend {
    public func trainingRun(for key: TrainingKey) async throws -> TrainingRunRecord? {
        trainingRows[key]?.record
    }

    public func claimTrainingRun(for key: TrainingKey, config: JSONValue, lease request: LeaseRequest)
        async throws -> ClaimOutcome<TrainingRunRecord>
    {
        let now = clock()
        let lease = Lease(owner: request.worker.owner, expiresAt: now.addingTimeInterval(request.duration))
        guard var row = trainingRows[key] else {
            let row = InMemoryTrainingRow(id: nextTrainingID, key: key, config: config, createdAt: now, lease: lease)
            nextTrainingID += 1
            trainingRows[key] = row
            trainingKeysByID[row.id] = key
            return .claimed(row.record)
        }
        switch ClaimDecision(
            status: row.status, lease: row.lease, owner: lease.owner, refresh: request.refresh, now: now)
        {
        case .completed:
            return .completed(row.record)
        case .heldElsewhere:
            return .heldElsewhere(row.record)
        case .takeOver:
            break
        case .reset:
            row.resetForRerun()
            row.config = config
        }
        row.status = .pending
        row.lease = lease
        trainingRows[key] = row
        return .claimed(row.record)
    }

    public func recordTrainingJobStarted(for key: TrainingKey, jobID: String, worker: Worker) async throws {
        guard var row = trainingRows[key] else { throw Self.missingEntryError(.training(key)) }
        // A stored success is never taken back by a late report of a job start.
        guard row.status != .succeeded else { return }
        row.status = .running
        row.jobID = jobID
        row.startedAt = row.startedAt ?? clock()
        row.host = worker.host
        row.pid = worker.pid
        trainingRows[key] = row
    }

    @discardableResult
    public func finishTrainingRun(for key: TrainingKey, owner: String, outcome: TrainingOutcome) async throws
        -> TrainingRunRecord
    {
        guard var row = trainingRows[key] else { throw Self.missingEntryError(.training(key)) }
        switch outcome {
        case .succeeded(let modelID, let metadata):
            guard row.status != .succeeded else { return row.record }
            row.status = .succeeded
            row.modelID = modelID
            row.metadata = metadata
            row.error = nil
        case .failed(let message), .cancelled(let message):
            guard ClaimDecision.isHeld(row.lease, by: owner) else { return row.record }
            if case .failed = outcome { row.status = .failed } else { row.status = .cancelled }
            row.modelID = nil
            row.metadata = nil
            row.error = message
        }
        row.finishedAt = clock()
        row.lease = nil
        trainingRows[key] = row
        return row.record
    }
}
