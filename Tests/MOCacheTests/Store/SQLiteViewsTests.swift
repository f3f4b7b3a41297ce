import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// The `models`, `evals` and `eval_metrics` views, read as people read them: with the sqlite3 shell.
@Suite struct SQLiteViewsTests {
    /// Runs `/usr/bin/sqlite3 -json` and returns the rows.
    private func query(_ path: String, _ sql: String) async throws -> [[String: Any]] {
        let result = try await runProcess(executable: "/usr/bin/sqlite3", arguments: ["-json", path, sql], timeout: 30)
        #expect(result.exitCode == 0, "\(result)")
        guard !result.stdout.isEmpty else { return [] }
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        return try #require(rows, "sqlite3 printed \(result.stdout)")
    }

    @Test func theViewsAnswerTheCommonQuestionsInTheShell() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let store = try await StoreFixture.store(folder)
        let run = try await StoreFixture.trained(store, StoreFixture.trainingKey(), model: "ft:tiny:1")
        // A failed run is not a model.
        let failing = StoreFixture.trainingKey(config: "bad")
        _ = try await store.claimTrainingRun(
            for: failing, config: .object([:]), lease: StoreFixture.lease(StoreFixture.worker("w")))
        try await store.finishTrainingRun(for: failing, owner: "w", outcome: .failed("boom"))
        for (task, metrics) in [("mmlu", ["accuracy": 0.5, "stderr": 0.01]), ("arc", ["accuracy": 0.25])] {
            let key = StoreFixture.evalKey(model: "ft:tiny:1", task: task)
            _ = try await store.claimEvalResult(
                for: key, params: StoreFixture.params, lease: StoreFixture.lease(.current))
            try await store.finishEvalResult(
                for: key, owner: Worker.current.owner,
                outcome: .succeeded(metrics: metrics, sampleCount: 3, logPath: nil))
        }
        let orphan = StoreFixture.evalKey(model: "gpt-base", task: "mmlu")
        _ = try await store.claimEvalResult(
            for: orphan, params: StoreFixture.params, lease: StoreFixture.lease(.current))
        await store.recordHit(.training(run.id))
        try await store.close()

        let models = try await query(path, "SELECT * FROM models")
        #expect(models.count == 1)
        let model = try #require(models.first)
        #expect(model["model_id"] as? String == "ft:tiny:1")
        #expect(model["base_model"] as? String == "tiny-llama")
        #expect(model["namespace"] as? String == "team")
        #expect(model["replicate"] as? Int == 2)
        #expect(model["hit_count"] as? Int == 1)
        #expect(model["duration_s"] is Double || model["duration_s"] is Int)
        #expect(model["dataset_hash"] as? String == run.key.datasetHash)

        let evals = try await query(path, "SELECT * FROM evals ORDER BY task, model_id")
        #expect(evals.map { $0["task"] as? String } == ["arc", "mmlu", "mmlu"])
        let joined = evals.filter { $0["model_id"] as? String == "ft:tiny:1" }
        #expect(
            joined.allSatisfy {
                $0["config_hash"] as? String == run.key.configHash && $0["base_model"] as? String == "tiny-llama"
            })
        let unjoined = try #require(evals.first { $0["model_id"] as? String == "gpt-base" })
        #expect(unjoined["status"] as? String == "pending" && unjoined["dataset_hash"] is NSNull)

        let metrics = try await query(
            path, "SELECT model_id, task, metric, value, dataset_hash FROM eval_metrics ORDER BY task, metric")
        let values = metrics.map { row in
            "\(row["task"] ?? "")/\(row["metric"] ?? "")=\((row["value"] as? NSNumber)?.doubleValue ?? -1)"
        }
        #expect(values == ["arc/accuracy=0.25", "mmlu/accuracy=0.5", "mmlu/stderr=0.01"])
        #expect(metrics.allSatisfy { $0["dataset_hash"] as? String == run.key.datasetHash })
    }
}
