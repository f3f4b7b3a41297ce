import Foundation

// MARK: - Evaluation results

extension InMemoryCacheBackend {
    public func evalResults(for keys: [EvalKey]) async throws -> [EvalKey: EvalResultRecord] {
        var found: [EvalKey: EvalResultRecord] = [:]
        for key in keys {
            if let row = evalTable[key] { found[key] = row.record }
        }
        return found
    }

    public func claimEvalResult(for key: EvalKey, params: JSONValue, lease request: LeaseRequest) async throws
        -> ClaimOutcome<EvalResultRecord>
    {
        let outcome = evalTable.claim(key, document: params, lease: request, now: clock())
        if case .claimed = outcome, let fence = evalTable.fence(of: key) {
            fences.remember(fence, for: .eval(key), owner: request.worker.owner)
        }
        return outcome
    }

    public func recordEvalJobStarted(for key: EvalKey, jobID: String?, worker: Worker) async throws {
        let fence = fences.fence(for: .eval(key), owner: worker.owner)
        try evalTable.recordJobStarted(key, jobID: jobID, worker: worker, fence: fence, now: clock())
    }

    @discardableResult
    public func finishEvalResult(for key: EvalKey, owner: String, outcome: EvalOutcome) async throws
        -> EvalResultRecord
    {
        let fence = fences.fence(for: .eval(key), owner: owner)
        fences.forget(.eval(key), owner: owner)
        return try evalTable.finish(key, owner: owner, outcome: outcome, fence: fence, now: clock())
    }
}
