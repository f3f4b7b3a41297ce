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
        evalTable.claim(key, document: params, lease: request, now: clock())
    }

    public func recordEvalJobStarted(for key: EvalKey, jobID: String?, worker: Worker) async throws {
        try evalTable.recordJobStarted(key, jobID: jobID, worker: worker, now: clock())
    }

    @discardableResult
    public func finishEvalResult(for key: EvalKey, owner: String, outcome: EvalOutcome) async throws
        -> EvalResultRecord
    {
        try evalTable.finish(key, owner: owner, outcome: outcome, now: clock())
    }
}
