import Foundation

// MARK: - Import

extension InMemoryCacheBackend {
    public func importTrainingRuns(_ runs: [TrainingRunRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        for run in runs { try ImportRecordCheck.check(run) }
        return runs.map { run in
            let stored = trainingRows[run.key]
            let decision = ImportRule.decide(
                storedStatus: stored?.status, sameResult: stored?.modelID == run.modelID, overwrite: overwrite)
            let id = stored?.id ?? nextTrainingID
            switch decision {
            case .keep: return .unchanged(.training(id))
            case .conflict: return .conflict(.training(id))
            case .insert, .replace: break
            }
            var row = InMemoryTrainingRow(
                id: id, key: run.key, config: run.config, createdAt: run.createdAt,
                lease: Lease(owner: "", expiresAt: run.createdAt))
            row.status = .succeeded
            row.lease = nil
            row.jobID = run.jobID
            row.modelID = run.modelID
            row.metadata = run.metadata
            row.startedAt = run.startedAt
            row.finishedAt = run.finishedAt
            row.host = run.host
            row.pid = run.pid
            row.hitCount = stored?.hitCount ?? 0
            row.lastHitAt = stored?.lastHitAt
            trainingRows[run.key] = row
            trainingKeysByID[id] = run.key
            if stored == nil {
                nextTrainingID += 1
                return .inserted(.training(id))
            }
            return .replaced(.training(id))
        }
    }

    public func importEvalResults(_ results: [EvalResultRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        for result in results { try ImportRecordCheck.check(result) }
        return results.map { result in
            let stored = evalRows[result.key]
            let decision = ImportRule.decide(
                storedStatus: stored?.status, sameResult: stored?.metrics == result.metrics, overwrite: overwrite)
            let id = stored?.id ?? nextEvalID
            switch decision {
            case .keep: return .unchanged(.eval(id))
            case .conflict: return .conflict(.eval(id))
            case .insert, .replace: break
            }
            var row = InMemoryEvalRow(
                id: id, key: result.key, params: result.params, createdAt: result.createdAt,
                lease: Lease(owner: "", expiresAt: result.createdAt))
            row.status = .succeeded
            row.lease = nil
            row.jobID = result.jobID
            row.metrics = result.metrics
            row.sampleCount = result.sampleCount
            row.logPath = result.logPath
            row.startedAt = result.startedAt
            row.finishedAt = result.finishedAt
            row.host = result.host
            row.pid = result.pid
            row.hitCount = stored?.hitCount ?? 0
            row.lastHitAt = stored?.lastHitAt
            evalRows[result.key] = row
            evalKeysByID[id] = result.key
            if stored == nil {
                nextEvalID += 1
                return .inserted(.eval(id))
            }
            return .replaced(.eval(id))
        }
    }
}
