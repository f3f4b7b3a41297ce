import Foundation

// MARK: - Evaluation results

extension InMemoryCacheBackend {
    public func evalResults(for keys: [EvalKey]) async throws -> [EvalKey: EvalResultRecord] {
        var found: [EvalKey: EvalResultRecord] = [:]
        for key in keys {
            if let row = evalRows[key] { found[key] = row.record }
        }
        return found
    }

    public func claimEvalResult(for key: EvalKey, params: JSONValue, lease request: LeaseRequest) async throws
        -> ClaimOutcome<EvalResultRecord>
    {
        let now = clock()
        let lease = Lease(owner: request.worker.owner, expiresAt: now.addingTimeInterval(request.duration))
        guard var row = evalRows[key] else {
            let row = InMemoryEvalRow(id: nextEvalID, key: key, params: params, createdAt: now, lease: lease)
            nextEvalID += 1
            evalRows[key] = row
            evalKeysByID[row.id] = key
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
            row.params = params
        }
        row.status = .pending
        row.lease = lease
        evalRows[key] = row
        return .claimed(row.record)
    }

    public func recordEvalJobStarted(for key: EvalKey, jobID: String?, worker: Worker) async throws {
        guard var row = evalRows[key] else { throw Self.missingEntryError(.eval(key)) }
        // A stored success is never taken back by a late report of a job start.
        guard row.status != .succeeded else { return }
        row.status = .running
        if let jobID { row.jobID = jobID }
        row.startedAt = row.startedAt ?? clock()
        row.host = worker.host
        row.pid = worker.pid
        evalRows[key] = row
    }

    @discardableResult
    public func finishEvalResult(for key: EvalKey, owner: String, outcome: EvalOutcome) async throws
        -> EvalResultRecord
    {
        guard var row = evalRows[key] else { throw Self.missingEntryError(.eval(key)) }
        switch outcome {
        case .succeeded(let metrics, let sampleCount, let logPath):
            guard row.status != .succeeded else { return row.record }
            row.status = .succeeded
            row.metrics = metrics
            row.sampleCount = sampleCount
            row.logPath = logPath
            row.error = nil
        case .failed(let message), .cancelled(let message):
            guard ClaimDecision.isHeld(row.lease, by: owner) else { return row.record }
            if case .failed = outcome { row.status = .failed } else { row.status = .cancelled }
            row.metrics = nil
            row.sampleCount = nil
            row.error = message
        }
        row.finishedAt = clock()
        row.lease = nil
        evalRows[key] = row
        return row.record
    }
}
