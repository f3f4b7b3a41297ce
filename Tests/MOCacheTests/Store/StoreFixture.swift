import Foundation
import GRDB
import Logging
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// Keys, values and databases shared by the SQLite store tests.
enum StoreFixture {
    /// A 64-character hex hash starting with `prefix`, padded with zeros.
    static func hash(_ prefix: String) -> String {
        prefix + String(repeating: "0", count: max(0, 64 - prefix.count))
    }

    /// A 64-character hex hash made from a number: different numbers, different hashes.
    static func hash(number: Int) -> String {
        let hex = String(number, radix: 16)
        return String(repeating: "0", count: max(0, 64 - hex.count)) + hex
    }

    /// A training key whose config hash is made from a number.
    static func trainingKey(number: Int) -> TrainingKey {
        TrainingKey(backendID: "local", datasetHash: hash("da7a"), configHash: hash(number: number))
    }

    static func trainingKey(backend: String = "local", dataset: String = "da7a", config: String = "c0f1")
        -> TrainingKey
    {
        TrainingKey(backendID: backend, datasetHash: hash(dataset), configHash: hash(config))
    }

    static func evalKey(backend: String = "harness", model: String = "model-1", task: String = "mmlu")
        -> EvalKey
    {
        EvalKey(backendID: backend, modelID: model, task: task, paramsHash: hash("9a7a"))
    }

    static let config: JSONValue = .object([
        "base_model": .string("tiny-llama"), "namespace": .string("team"), "replicate": .number(2),
        "learning_rate": .number(0.001), "layers": .array([.number(1), .bool(true), .null]),
    ])

    static let params: JSONValue = .object(["shots": .number(5)])

    static func worker(_ name: String, pid: Int32 = 4242) -> Worker {
        Worker(owner: name, host: "host-\(name)", pid: pid)
    }

    static func lease(_ worker: Worker, duration: TimeInterval = 60, refresh: Bool = false) -> LeaseRequest {
        LeaseRequest(worker: worker, duration: duration, refresh: refresh)
    }

    /// A logger that drops everything.
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// A new read-write store in `folder`.
    static func store(_ folder: TemporaryDirectory, name: String = "cache.sqlite", busyTimeout: TimeInterval = 10)
        async throws -> SQLiteCacheBackend
    {
        try await SQLiteCacheBackend(path: folder.path(name), busyTimeout: busyTimeout, logger: quiet)
    }

    /// Claims, starts and finishes a training run as `worker`.
    @discardableResult
    static func trained(
        _ store: SQLiteCacheBackend, _ key: TrainingKey, model: String, worker: Worker = worker("builder")
    ) async throws -> TrainingRunRecord {
        _ = try await store.claimTrainingRun(for: key, config: config, lease: lease(worker))
        try await store.recordTrainingJobStarted(for: key, jobID: "job-\(model)", worker: worker)
        return try await store.finishTrainingRun(
            for: key, owner: worker.owner,
            outcome: .succeeded(modelID: model, metadata: .object(["loss": .number(0.5)])))
    }

    /// Makes a database with only migration 0001, as the first release of mocache left it, holding one
    /// succeeded training run (model `old-model`) and one succeeded evaluation of it.
    static func makeVersion1Database(_ path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.migrator(upTo: "0001_initial").migrate(pool)
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO training_runs (
                        backend, dataset_hash, config_hash, config_json, status, job_id, model_id, created_at,
                        started_at, finished_at, hit_count)
                    VALUES ('local', ?, ?, '{"base_model":"old-base"}', 'succeeded', 'job-old', 'old-model',
                        '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '2025-01-01T00:01:00.000Z', 4)
                    """,
                arguments: [hash("d1"), hash("c1")])
            try db.execute(
                sql: """
                    INSERT INTO eval_results (
                        backend, model_id, task, params_hash, params_json, status, metrics_json, created_at,
                        started_at, finished_at)
                    VALUES ('harness', 'old-model', 'mmlu', ?, '{}', 'succeeded', '{"accuracy":0.75}',
                        '2025-01-02T00:00:00.000Z', '2025-01-02T00:00:00.000Z', '2025-01-02T00:00:10.000Z')
                    """,
                arguments: [hash("9a")])
        }
        try pool.close()
    }
}
