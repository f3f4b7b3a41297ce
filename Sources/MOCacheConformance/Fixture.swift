import Foundation
import MOCacheCore
import Testing

/// Keys, workers, documents and helpers shared by the conformance checks, and by this package's own tests
/// of the wrappers and the CLI against every store.
package enum Fixture {
    // MARK: - Running a test against a fresh store

    /// Makes a fresh store with `makeStore` in a new temporary folder, runs `body` with it, then deletes the
    /// folder.
    package static func withStore(
        _ makeStore: StoreConformanceCheck.MakeStore, _ body: (any CacheBackend) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("mocache-conformance-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Only the check's own scratch folder: nothing in it is kept.
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await makeStore(folder)
        try await body(store)
    }

    // MARK: - Values

    /// A 64-character lowercase hex hash that starts with `prefix` (hex digits), padded with zeros.
    package static func hash(_ prefix: String) -> String {
        prefix + String(repeating: "0", count: max(0, 64 - prefix.count))
    }

    /// A training key on `backend` whose hashes start with the given hex prefixes.
    package static func trainingKey(backend: String = "local", dataset: String = "da7a", config: String = "c0f1")
        -> TrainingKey
    {
        TrainingKey(backendID: backend, datasetHash: hash(dataset), configHash: hash(config))
    }

    /// An evaluation key.
    package static func evalKey(
        backend: String = "harness", model: String = "model-1", task: String = "mmlu", params: String = "9a7a"
    ) -> EvalKey {
        EvalKey(backendID: backend, modelID: model, task: task, paramsHash: hash(params))
    }

    /// A configuration document, built from the enum cases.
    package static func config(_ learningRate: Double = 0.001) -> JSONValue {
        .object([
            "learning_rate": .number(learningRate),
            "epochs": .number(3),
            "base_model": .string("tiny"),
            "shuffle": .bool(true),
            "layers": .array([.number(1), .number(2)]),
            "seed": .null,
        ])
    }

    /// Evaluation parameters, built from the enum cases.
    package static let params: JSONValue = .object(["shots": .number(5), "split": .string("test")])

    /// A worker whose owner token is `name`, on host `host-<name>`.
    package static func worker(_ name: String, pid: Int32 = 4242) -> Worker {
        Worker(owner: name, host: "host-\(name)", pid: pid)
    }

    /// A lease request for `worker`.
    package static func lease(_ worker: Worker, duration: TimeInterval = 60, refresh: Bool = false) -> LeaseRequest {
        LeaseRequest(worker: worker, duration: duration, refresh: refresh)
    }

    // MARK: - Time

    /// How far two stored times may differ from the same instant: stores may keep times to the millisecond.
    package static let timeTolerance: TimeInterval = 0.01

    /// Whether `date` lies in `[start, end]`, widened by ``timeTolerance``.
    package static func isWithin(_ date: Date?, _ start: Date, _ end: Date) -> Bool {
        guard let date else { return false }
        return date >= start.addingTimeInterval(-timeTolerance) && date <= end.addingTimeInterval(timeTolerance)
    }

    /// Whether two times are the same instant, within ``timeTolerance``.
    package static func isClose(_ first: Date?, _ second: Date?) -> Bool {
        guard let first, let second else { return first == nil && second == nil }
        return abs(first.timeIntervalSince(second)) <= timeTolerance
    }

    /// Sleeps a little on the real clock, so that the next stored time is strictly later.
    package static func tick() async throws {
        try await Task.sleep(for: .milliseconds(30))
    }

    // MARK: - Building entries

    /// Claims a training key that must be new or free, and returns the claimed record.
    package static func claimTraining(
        _ store: any CacheBackend, _ key: TrainingKey, by worker: Worker, duration: TimeInterval = 60
    ) async throws -> TrainingRunRecord {
        let outcome = try await store.claimTrainingRun(
            for: key, config: config(), lease: lease(worker, duration: duration))
        return try #require(outcome.claimedRecord, "expected to claim \(key), got \(outcome)")
    }

    /// Claims, starts and finishes a training run with `outcome`, and returns the stored record.
    @discardableResult
    package static func finishedTraining(
        _ store: any CacheBackend, _ key: TrainingKey, outcome: TrainingOutcome, worker: Worker = worker("builder"),
        computeTime: Duration? = nil
    ) async throws -> TrainingRunRecord {
        _ = try await claimTraining(store, key, by: worker)
        try await store.recordTrainingJobStarted(for: key, jobID: "job-\(key.configHash.prefix(4))", worker: worker)
        if let computeTime { try await Task.sleep(for: computeTime) }
        return try await store.finishTrainingRun(for: key, owner: worker.owner, outcome: outcome)
    }

    /// Claims an evaluation key that must be new or free, and returns the claimed record.
    package static func claimEval(
        _ store: any CacheBackend, _ key: EvalKey, by worker: Worker, duration: TimeInterval = 60
    ) async throws -> EvalResultRecord {
        let outcome = try await store.claimEvalResult(
            for: key, params: params, lease: lease(worker, duration: duration))
        return try #require(outcome.claimedRecord, "expected to claim \(key), got \(outcome)")
    }

    /// Claims, starts and finishes an evaluation with `outcome`, and returns the stored record.
    @discardableResult
    package static func finishedEval(
        _ store: any CacheBackend, _ key: EvalKey, outcome: EvalOutcome, worker: Worker = worker("builder"),
        computeTime: Duration? = nil
    ) async throws -> EvalResultRecord {
        _ = try await claimEval(store, key, by: worker)
        try await store.recordEvalJobStarted(for: key, jobID: "eval-\(key.task)", worker: worker)
        if let computeTime { try await Task.sleep(for: computeTime) }
        return try await store.finishEvalResult(for: key, owner: worker.owner, outcome: outcome)
    }

    /// A plain success for a training run.
    package static func trained(_ modelID: String) -> TrainingOutcome {
        .succeeded(modelID: modelID, metadata: .object(["loss": .number(0.25)]))
    }

    /// A plain success for an evaluation.
    package static let scored: EvalOutcome = .succeeded(
        metrics: ["accuracy": 0.5], sampleCount: 10, logPath: "/tmp/eval.log")
}
