import Foundation
import MOCache

/// Store records made by hand for the report's pure functions: what a store would list.
enum ReportRecords {
    /// 2025-11-29 21:26:30 UTC.
    static let origin = Date(timeIntervalSince1970: 1_764_451_590)

    /// A training run of `backend` whose config has these hyperparameters (and `base_model`), created
    /// `id` minutes after ``origin``, taking `compute` seconds.
    static func run(
        _ id: Int64, backend: String = "process:sft", hyperparameters: [String: JSONValue], baseModel: String = "tiny",
        model: String? = nil, status: EntryStatus = .succeeded, error: String? = nil, compute: Double = 60,
        hits: Int = 0
    ) -> TrainingRunRecord {
        let created = origin.addingTimeInterval(Double(id) * 60)
        let config: JSONValue = [
            "base_model": .string(baseModel), "hyperparameters": .object(hyperparameters), "options": [:],
        ]
        return TrainingRunRecord(
            id: id, key: TrainingKey(backendID: backend, datasetHash: "d", configHash: "c\(id)"), config: config,
            status: status, modelID: status == .succeeded ? (model ?? "model-\(id)") : nil, error: error,
            createdAt: created, startedAt: created, finishedAt: status == .running ? nil : created + compute,
            hitCount: hits, lastHitAt: hits > 0 ? created + compute + 3_600 : nil)
    }

    /// An evaluation of `model` on `task`, created `id` minutes after ``origin`` plus a day.
    static func eval(
        _ id: Int64, model: String, task: String, metrics: [String: Double]?, backend: String = "process:harness",
        params: String = "p", status: EntryStatus = .succeeded, error: String? = nil, compute: Double = 5,
        hits: Int = 0
    ) -> EvalResultRecord {
        let created = origin.addingTimeInterval(86_400 + Double(id) * 60)
        return EvalResultRecord(
            id: id, key: EvalKey(backendID: backend, modelID: model, task: task, paramsHash: params), params: [:],
            status: status, metrics: status == .succeeded ? metrics : nil, error: error, createdAt: created,
            startedAt: created, finishedAt: created + compute, hitCount: hits,
            lastHitAt: hits > 0 ? created + compute + 60 : nil)
    }

    /// Statistics that agree with nothing in particular: the report shows them beside its own counts.
    static func statistics(entries: Int = 0) -> CacheStatistics {
        CacheStatistics(
            entries: entries == 0
                ? [] : [.init(kind: "training", backendID: "process:sft", status: .succeeded, count: entries)],
            savings: [], datasetUploads: 0, memoizedFiles: 0, schemaVersion: 3, sizeBytes: 4_096)
    }

    /// The demo's shape: three learning rates, each model scored on two tasks with two metrics.
    static func demo() -> (runs: [TrainingRunRecord], evals: [EvalResultRecord]) {
        let rates = [0.5, 0.1, 0.02]
        let runs = rates.enumerated().map { index, rate in
            run(Int64(index + 1), hyperparameters: ["learning_rate": .number(rate), "epochs": 12], hits: 1)
        }
        var evals: [EvalResultRecord] = []
        for (index, rate) in rates.enumerated() {
            for (offset, task) in ["heldout", "shifted"].enumerated() {
                let accuracy = (task == "heldout" ? 0.9 : 0.7) - rate / 10
                evals.append(
                    eval(
                        Int64(index * 2 + offset + 1), model: "model-\(index + 1)", task: task,
                        metrics: ["accuracy": accuracy, "log_loss": 1 - accuracy], hits: 1))
            }
        }
        return (runs.reversed(), evals.reversed())
    }
}
