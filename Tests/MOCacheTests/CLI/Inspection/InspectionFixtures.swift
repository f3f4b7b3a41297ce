import Foundation

@testable import MOCacheCLI
@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// Records and stores for the inspection and sharing tests.
enum InspectionFixtures {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A 64-digit hex hash made from a short seed: `hash("a")` is `aaaa…`.
    static func hash(_ seed: String) -> String {
        String(String(repeating: seed, count: 64).prefix(64))
    }

    static func config(_ learningRate: Double, base: String = "tiny", extra: [String: JSONValue] = [:]) -> JSONValue {
        .object(
            [
                "base_model": .string(base),
                "hyperparameters": .object(["learning_rate": .number(learningRate), "epochs": 3]),
                "options": .object([:]),
            ].merging(extra) { $1 })
    }

    static func run(
        id: Int64, backend: String = "process:train", dataset: String = hash("d"), config: JSONValue,
        status: EntryStatus = .succeeded, modelID: String? = nil, createdAt: Date = start, lease: Lease? = nil
    ) throws -> TrainingRunRecord {
        TrainingRunRecord(
            id: id,
            key: TrainingKey(backendID: backend, datasetHash: dataset, configHash: try config.configHash()),
            config: config, status: status, modelID: status == .succeeded ? (modelID ?? "model-\(id)") : modelID,
            createdAt: createdAt, startedAt: createdAt, finishedAt: status == .succeeded ? createdAt + 5 : nil,
            lease: lease)
    }

    static func eval(
        id: Int64, model: String, task: String, metrics: [String: Double]?, status: EntryStatus = .succeeded,
        backend: String = "process:eval", params: JSONValue = .object([:]), finishedAt: Date = start
    ) throws -> EvalResultRecord {
        EvalResultRecord(
            id: id,
            key: EvalKey(backendID: backend, modelID: model, task: task, paramsHash: try params.configHash()),
            params: params, status: status, metrics: metrics, createdAt: finishedAt - 10, startedAt: finishedAt - 2,
            finishedAt: finishedAt)
    }

    /// Trains `config` through a store's claim and finish calls, as the cached wrapper does.
    @discardableResult
    static func store(
        _ config: JSONValue, in store: any CacheBackend, backend: String = "process:train",
        dataset: String = hash("d"), modelID: String? = nil, fail: Bool = false
    ) async throws -> TrainingRunRecord {
        let key = TrainingKey(backendID: backend, datasetHash: dataset, configHash: try config.configHash())
        let worker = Worker(owner: "fixture", host: "host", pid: 1)
        _ = try await store.claimTrainingRun(for: key, config: config, lease: LeaseRequest(worker: worker))
        try await store.recordTrainingJobStarted(for: key, jobID: "job-\(key.configHash.prefix(6))", worker: worker)
        let outcome: TrainingOutcome =
            fail ? .failed("boom") : .succeeded(modelID: modelID ?? "model-\(key.configHash.prefix(8))", metadata: nil)
        return try await store.finishTrainingRun(for: key, owner: worker.owner, outcome: outcome)
    }

    /// Evaluates a model on a task through a store's claim and finish calls.
    @discardableResult
    static func storeEval(
        model: String, task: String, metrics: [String: Double], in store: any CacheBackend,
        backend: String = "process:eval", params: JSONValue = .object([:]), fail: Bool = false
    ) async throws -> EvalResultRecord {
        let key = EvalKey(backendID: backend, modelID: model, task: task, paramsHash: try params.configHash())
        let worker = Worker(owner: "fixture", host: "host", pid: 1)
        _ = try await store.claimEvalResult(for: key, params: params, lease: LeaseRequest(worker: worker))
        try await store.recordEvalJobStarted(for: key, jobID: nil, worker: worker)
        let outcome: EvalOutcome =
            fail ? .failed("boom") : .succeeded(metrics: metrics, sampleCount: 10, logPath: nil)
        return try await store.finishEvalResult(for: key, owner: worker.owner, outcome: outcome)
    }
}
