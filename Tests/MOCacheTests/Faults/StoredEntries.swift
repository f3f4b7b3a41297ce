import Foundation
import GRDB
import MOCache

/// The finished entries of a database file, read with a read-only connection of its own (not through
/// the store), to check what the workers said they wrote.
struct StoredEntries {
    /// A training run as stored.
    struct Run: Equatable {
        var status: String
        var modelID: String?
        var hitCount: Int
    }

    /// Every training run, by key.
    var training: [TrainingKey: Run] = [:]
    /// The `score` metric of every succeeded evaluation, by key.
    var evals: [EvalKey: Double] = [:]
    /// Evaluations stored as succeeded without a `score` metric.
    var evalsWithoutScore: [EvalKey] = []

    /// Reads the database at `path`.
    init(_ path: String) throws {
        (training, evals, evalsWithoutScore) = try withRawDatabase(path, readOnly: true) { db throws in
            var training: [TrainingKey: Run] = [:]
            var evals: [EvalKey: Double] = [:]
            var evalsWithoutScore: [EvalKey] = []
            let runs = try Row.fetchAll(
                db, sql: "SELECT backend, dataset_hash, config_hash, status, model_id, hit_count FROM training_runs")
            for row in runs {
                let key = TrainingKey(
                    backendID: row["backend"], datasetHash: row["dataset_hash"], configHash: row["config_hash"])
                training[key] = Run(status: row["status"], modelID: row["model_id"], hitCount: row["hit_count"])
            }
            let evaluations = try Row.fetchAll(
                db,
                sql: """
                    SELECT backend, model_id, task, params_hash, json_extract(metrics_json, '$.score') AS score
                    FROM eval_results WHERE status = 'succeeded'
                    """)
            for row in evaluations {
                let key = EvalKey(
                    backendID: row["backend"], modelID: row["model_id"], task: row["task"],
                    paramsHash: row["params_hash"])
                if let score: Double = row["score"] { evals[key] = score } else { evalsWithoutScore.append(key) }
            }
            return (training, evals, evalsWithoutScore)
        }
    }

    /// The succeeded training runs, with their model ids.
    var succeeded: [TrainingKey: String] {
        training.compactMapValues { $0.status == "succeeded" ? $0.modelID : nil }
    }

    /// What `acknowledged` says was written and is not here (or is here with another value), one
    /// line each.
    func missing(_ acknowledged: Acknowledgements) -> [String] {
        let succeeded = succeeded
        var missing: [String] = []
        for (key, model) in acknowledged.training where succeeded[key] != model {
            missing.append("training \(key): acknowledged \(model), stored \(String(describing: training[key]))")
        }
        for (key, score) in acknowledged.evals where evals[key] != score {
            missing.append("eval \(key): acknowledged \(score), stored \(String(describing: evals[key]))")
        }
        for (key, models) in acknowledged.shared where models.count != 1 || succeeded[key] != models.first {
            missing.append("shared \(key): acknowledged \(models), stored \(String(describing: training[key]))")
        }
        return missing
    }

    /// The succeeded entries that `acknowledged` does not mention, one line each.
    func unacknowledged(_ acknowledged: Acknowledgements) -> [String] {
        let training = succeeded.keys.filter { acknowledged.training[$0] == nil && acknowledged.shared[$0] == nil }
        let evals = evals.keys.filter { acknowledged.evals[$0] == nil }
        return training.map { "training \($0)" } + evals.map { "eval \($0)" }
    }
}
