import Foundation
import GRDB
import MOCacheCore

// MARK: - Evaluation results

extension SQLiteCacheBackend {
    /// The stored results among the given keys, in any status; each key is one indexed lookup, all in
    /// one read transaction.
    public func evalResults(for keys: [EvalKey]) async throws -> [EvalKey: EvalResultRecord] {
        guard !keys.isEmpty else { return [:] }
        if keys.count == 1, let key = keys.first {
            // The common case of one task: the cheap path of a single lookup.
            return try lookupEntry(SQLiteEvalTable.self, key).map { [key: $0] } ?? [:]
        }
        return try await read { db in
            var found: [EvalKey: EvalResultRecord] = [:]
            for key in keys where found[key] == nil {
                if let record = try Self.fetchEntry(SQLiteEvalTable.self, key, db) { found[key] = record }
            }
            return found
        }
    }

    public func claimEvalResult(for key: EvalKey, params: JSONValue, lease request: LeaseRequest) async throws
        -> ClaimOutcome<EvalResultRecord>
    {
        let paramsJSON = try SQLiteStoredJSON.text(params, column: "eval_results.params_json")
        return try await claimEntry(SQLiteEvalTable.self, key, inputJSON: paramsJSON, lease: request)
    }

    public func recordEvalJobStarted(for key: EvalKey, jobID: String?, worker: Worker) async throws {
        try await recordEntryJobStarted(SQLiteEvalTable.self, key, jobID: jobID, worker: worker)
    }

    @discardableResult
    public func finishEvalResult(for key: EvalKey, owner: String, outcome: EvalOutcome) async throws
        -> EvalResultRecord
    {
        let ending: SQLiteEntryEnding
        switch outcome {
        case .succeeded(let metrics, let sampleCount, let logPath):
            let metricsJSON = try SQLiteStoredJSON.text(metrics: metrics, column: "eval_results.metrics_json")
            ending = .succeeded(
                SQLiteEvalTable.successArguments(metricsJSON: metricsJSON, sampleCount: sampleCount, logPath: logPath))
        case .failed(let message):
            ending = .ended(.failed, message: message)
        case .cancelled(let message):
            ending = .ended(.cancelled, message: message)
        }
        return try await finishEntry(SQLiteEvalTable.self, key, owner: owner, ending: ending)
    }
}
