import Foundation
import MOCache
import MOCacheCLI
import Testing

/// The built `mocache` binary's inspection commands on a seeded database (see ``CLIWorkspace/seed()``),
/// in both formats.
@Suite("mocache: stats, models, evals, show, datasets, why-miss")
struct CLIInspectionTests {
    static func seeded() async throws -> CLIWorkspace {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        return workspace
    }

    @Test("stats: entries per kind, backend and status; size, schema; hits and time saved")
    func stats() async throws {
        let workspace = try await Self.seeded()
        let text = try await workspace.run(["stats"])
        #expect(text.exitCode == 0, "\(text)")
        #expect(text.stdout.contains("database \(workspace.db) ("))
        #expect(text.stdout.contains("schema version \(SQLiteCacheBackend.supportedSchemaVersion))"))
        #expect(
            text.lines.contains {
                $0.hasPrefix("training  process:sft ") && $0.hasSuffix("2       1          0          0      3")
            })
        #expect(text.lines.contains { $0.hasPrefix("total ") && $0.contains(" 3 ") }, "\(text)")
        #expect(text.stdout.contains("dataset uploads: 1, memoized files: 1"))
        let json = try await workspace.run(["stats", "--format", "json"]).json()
        #expect(json["database"]?["schema_version"] == .number(Double(SQLiteCacheBackend.supportedSchemaVersion)))
        #expect((json["database"]?["size_bytes"]?.doubleValue ?? 0) > 0)
        #expect(json["totals"] == ["training_runs": 4, "eval_results": 4])
        #expect(json["hits"]?["total"] == 3)
        #expect(
            json["entries"]?.arrayValue?.contains([
                "kind": "training", "backend": "process:sft", "status": "failed", "count": 1,
            ]) == true)
        #expect(
            json["hits"]?["by_backend"]?.arrayValue?.map { $0["backend"] } == [
                "process:dpo", "process:harness", "process:sft",
            ])
        #expect(json["dataset_uploads"] == 1 && json["memoized_files"] == 1)
    }

    @Test("models: newest first with key parts, model, status, age, duration and hits; filters")
    func models() async throws {
        let workspace = try await Self.seeded()
        let text = try await workspace.run(["models"])
        #expect(text.exitCode == 0, "\(text)")
        #expect(text.lines[0].hasPrefix("ID  MODEL       BACKEND      BASE  DATASET       CONFIG        STATUS"))
        #expect(text.lines.dropFirst().prefix(4).map { String($0.prefix(3)) } == ["t4 ", "t3 ", "t2 ", "t1 "])
        #expect(text.lines[1].contains("failed") && text.lines[4].contains("ft-alpha-1"))
        let json = try await workspace.run(["models", "--format", "json"]).json()
        let runs = try #require(json.arrayValue)
        #expect(runs.map { $0["id"] } == ["t4", "t3", "t2", "t1"])
        let first = runs[3]
        #expect(first["model_id"] == "ft-alpha-1" && first["status"] == "succeeded" && first["hit_count"] == 2)
        #expect(first["metadata"] == ["loss": 0.5] && first["base_model"] == "tiny" && first["host"] == "seed-host")
        #expect(first["created_at"]?.stringValue.flatMap(ISO8601Timestamp.parse) != nil)
        #expect(runs[0]["error"] == "out of memory" && runs[0]["model_id"] == .null)
        for key in [
            "dataset_hash", "config_hash", "config", "job_id", "started_at", "finished_at", "duration_s", "lease",
            "last_hit_at", "pid",
        ] {
            #expect(first[key] != nil, "member \(key)")
        }

        func ids(_ arguments: [String]) async throws -> [JSONValue] {
            try await workspace.run(["models", "--format", "json"] + arguments).json().arrayValue?.map {
                $0["id"] ?? .null
            } ?? []
        }
        #expect(try await ids(["--backend", "process:dpo"]) == ["t3"])
        #expect(try await ids(["--status", "failed"]) == ["t4"])
        #expect(try await ids(["--dataset", "bbbb"]) == ["t3"])
        #expect(try await ids(["--limit", "2"]) == ["t4", "t3"])
        #expect(try await ids(["--since", "1h"]).count == 4)
        #expect(try await ids(["--since", "2100-01-01"]).isEmpty)
        let none = try await workspace.run(["models", "--backend", "nope"])
        #expect(none.exitCode == 0 && none.stdout.isEmpty && none.stderr.contains("No training runs match"))
    }

    @Test("evals: a list with filters, and --metric pivots to models by tasks")
    func evals() async throws {
        let workspace = try await Self.seeded()
        let text = try await workspace.run(["evals"])
        #expect(text.exitCode == 0, "\(text)")
        #expect(text.lines[0].hasPrefix("ID  MODEL       TASK   BACKEND          STATUS     METRICS"))
        #expect(text.stdout.contains("accuracy=0.6 f1=0.5"))
        let json = try await workspace.run(["evals", "--format", "json", "--model", "ft-alpha-1"]).json()
        #expect(json.arrayValue?.map { $0["task"] } == ["gsm8k", "mmlu"])
        #expect(json.arrayValue?.last?["metrics"] == ["accuracy": 0.6, "f1": 0.5])
        #expect(json.arrayValue?.last?["sample_count"] == 100)
        let tasks = try await workspace.run(["evals", "--format", "json", "--task", "gsm8k"]).json()
        #expect(tasks.arrayValue?.count == 1)

        let pivot = try await workspace.run(["evals", "--metric", "accuracy"])
        #expect(
            pivot.stdout == """
                MODEL \\ accuracy  gsm8k  mmlu
                ft-alpha-1          0.3   0.6
                ft-alpha-2            -   0.7

                """, "\(pivot)")
        let pivotJSON = try await workspace.run(["evals", "--metric", "accuracy", "--format", "json"]).json()
        #expect(
            pivotJSON == [
                "metric": "accuracy", "tasks": ["gsm8k", "mmlu"], "shadowed_results": 0,
                "models": [
                    ["model_id": "ft-alpha-1", "values": ["gsm8k": 0.3, "mmlu": 0.6]],
                    ["model_id": "ft-alpha-2", "values": ["gsm8k": nil, "mmlu": 0.7]],
                ],
            ])
        let unknown = try await workspace.run(["evals", "--metric", "bleu"])
        #expect(unknown.exitCode == 0 && unknown.stdout.isEmpty && unknown.stderr.contains("\"bleu\""))
    }

    @Test("show: by id, model id or prefix, with config, times, hits and evals; json")
    func show() async throws {
        let workspace = try await Self.seeded()
        let text = try await workspace.run(["show", "ft-alpha-1"])
        #expect(text.exitCode == 0, "\(text)")
        #expect(text.lines[0] == "training run t1")
        for line in [
            "  model     ft-alpha-1", "  backend   process:sft", "  status    succeeded", "  job       job-process:sft",
        ] {
            #expect(text.lines.contains(line), "\(line)\n\(text)")
        }
        #expect(text.stdout.contains("config (canonical)\n{\n  \"base_model\": \"tiny\",\n  \"hyperparameters\": {"))
        #expect(text.stdout.contains("  hits      2, last "))
        #expect(text.stdout.contains("evals of ft-alpha-1\nID  MODEL"))
        let byID = try await workspace.run(["show", "t1"])
        // The same entry; only the relative times (and the widths they give the evals table) may differ.
        func stable(_ result: ProcessResult) -> [String] {
            Array(result.lines.prefix { !$0.hasPrefix("evals of") }.filter { !$0.contains(" ago") })
        }
        #expect(stable(byID) == stable(text))

        let failed = try await workspace.run(["show", "t4"])
        #expect(failed.stdout.contains("  error     out of memory"))
        let byConfig = try await workspace.run([
            "show", "--format", "json", String(try Self.configHash(0.01).prefix(8)),
        ]).json()
        #expect(byConfig["entry"]?["id"] == "t2")

        let eval = try await workspace.run(["show", "e1"])
        #expect(eval.lines[0] == "eval result e1")
        #expect(eval.stdout.contains("  metrics     accuracy=0.6 f1=0.5"))
        #expect(eval.stdout.contains("  trained by  t1 (process:sft, dataset "))
        let evalJSON = try await workspace.run(["show", "e1", "--format", "json"]).json()
        #expect(evalJSON["kind"] == "eval" && evalJSON["trained_by"]?["id"] == "t1")
        let trainingJSON = try await workspace.run(["show", "t1", "--format", "json"]).json()
        #expect(trainingJSON["kind"] == "training" && trainingJSON["evals"]?.arrayValue?.count == 2)
    }

    @Test("show: an ambiguous prefix lists the candidates; an unknown id is not found")
    func showErrors() async throws {
        let workspace = try await Self.seeded()
        let ambiguous = try await workspace.run(["show", "ft-alpha"])
        #expect(ambiguous.exitCode == 1, "\(ambiguous)")
        #expect(ambiguous.stdout.isEmpty)
        #expect(ambiguous.stderr.contains("\"ft-alpha\" matches 2 entries"))
        #expect(ambiguous.stderr.contains("\n  t1 process:sft model ft-alpha-1"))
        #expect(ambiguous.stderr.contains("\n  t2 process:sft model ft-alpha-2"))
        let json = try await workspace.run(["show", "ft-alpha", "--format", "json"])
        #expect(try JSONValue(parsing: json.stderr)["error"]?["code"] == "ambiguous")
        let missing = try await workspace.run(["show", "t99"])
        #expect(missing.exitCode == 1 && missing.stderr.contains("No stored entry matches \"t99\""))
    }

    @Test("datasets: hashes with runs per backend, uploads and memo files")
    func datasets() async throws {
        let workspace = try await Self.seeded()
        let hash = try await DatasetHasher.hash(fileAt: workspace.dataset)
        let text = try await workspace.run(["datasets"])
        #expect(text.exitCode == 0, "\(text)")
        #expect(text.stdout.contains("\(hash)\n  training runs  process:sft 3 (last "))
        #expect(text.stdout.contains("  uploaded       openai as file-1"))
        #expect(text.stdout.contains("  file           \(workspace.dataset) (36 B)"))
        #expect(text.stdout.contains(String(repeating: "b", count: 64) + "\n  training runs  process:dpo 1"))
        let json = try await workspace.run(["datasets", "--format", "json"]).json()
        let mine = try #require(json.arrayValue?.first { $0["dataset_hash"] == .string(hash) })
        #expect(mine["training_runs"] == ["process:sft": 3])
        #expect(mine["uploads"]?.arrayValue?.first?["file_id"] == "file-1")
        #expect(mine["files"]?.arrayValue?.first?["path"] == .string(workspace.dataset))
        #expect(mine["files"]?.arrayValue?.first?["size_bytes"] == 36)
    }

    @Test("why-miss: the nearest run and the field that differs, in both formats; a hit; a failure")
    func whyMiss() async throws {
        let workspace = try await Self.seeded()
        let asked = try workspace.write(
            "asked.json",
            #"{"base_model": "tiny", "hyperparameters": {"learning_rate": 0.001, "epochs": 4}, "suffix": "x"}"#)
        let arguments = ["why-miss", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", asked]
        let text = try await workspace.run(arguments)
        #expect(text.exitCode == 0, "\(text)")
        #expect(text.stdout.contains("miss: nothing is stored for this key"))
        #expect(
            text.stdout.contains(
                "The store holds 3 training runs for process:sft. Nearest first, as stored -> requested:"))
        #expect(text.stdout.contains("\nt1  ft-alpha-1  succeeded  "), "\(text)")
        #expect(
            text.stdout.contains("(2 differences)\n    $.hyperparameters.epochs: 3 -> 4\n    $.suffix: added \"x\"\n"))
        #expect(
            text.stdout.contains(
                "(3 differences)\n    $.hyperparameters.epochs: 3 -> 4\n    $.hyperparameters.learning_rate: 0.01 -> 0.001\n"
            ))
        let json = try await workspace.run(arguments + ["--format", "json"]).json()
        #expect(json["verdict"] == "miss" && json["runs_on_backend"] == 3)
        let nearest = try #require(json["nearest"]?.arrayValue?.first)
        #expect(nearest["entry"]?["id"] == "t1" && nearest["distance"] == 2 && nearest["dataset_differs"] == false)
        #expect(
            nearest["differences"]?.arrayValue?.first
                == ["path": "$.hyperparameters.epochs", "kind": "changed", "old": 3, "new": 4])

        let otherData = try workspace.write("other.jsonl", "{\"text\": \"changed\"}\n")
        let dataset = try await workspace.run(
            ["why-miss", "--backend", "process:sft", "--dataset", otherData, "--config", workspace.config])
        #expect(dataset.stdout.contains("    dataset: "), "\(dataset)")
        #expect(dataset.stdout.contains("(\(workspace.dataset)) -> "), "the memo names the file of the stored hash")

        let hit = try await workspace.run(
            ["why-miss", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", workspace.config])
        #expect(hit.stdout.contains("hit: t1 (model ft-alpha-1) is stored"), "\(hit)")
        let failing = try workspace.write(
            "failing.json", #"{"base_model": "tiny", "hyperparameters": {"learning_rate": 0.1, "epochs": 3}}"#)
        let failed = try await workspace.run(
            ["why-miss", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", failing])
        #expect(failed.stdout.contains("not served: t4 failed: out of memory"), "\(failed)")
        let backend = try await workspace.run(
            ["why-miss", "--backend", "process:sf", "--dataset", workspace.dataset, "--config", workspace.config])
        #expect(backend.stdout.contains("The store holds no training runs for backend process:sf."), "\(backend)")
        #expect(backend.stdout.contains("    backend: process:sft -> process:sf"), "\(backend)")
    }

    @Test("why-miss: a config file with a mistake is an error naming the file and the JSON path")
    func whyMissBadConfig() async throws {
        let workspace = try await Self.seeded()
        for (text, message) in [
            (#"{"base_model": "tiny", "lr": 0.1}"#, "bad.json: $.lr: unknown member"),
            (
                #"{"base_model": "tiny", "hyperparameters": {"lr": 1, "lr": 2}}"#,
                "The JSON value at $.hyperparameters.lr"
            ),
            (#"{"base_model": "tiny", "hyperparameters": {"lr": 1e999}}"#, "$.hyperparameters.lr"),
            (#"{"base_model": "tiny",}"#, "bad.json: "),
        ] {
            let file = try workspace.write("bad.json", text)
            let result = try await workspace.run(
                ["why-miss", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", file])
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.stderr.contains(message), "\(text): \(result)")
        }
    }

    static func configHash(_ rate: Double) throws -> String {
        try JSONValue.object([
            "base_model": "tiny", "hyperparameters": ["learning_rate": .number(rate), "epochs": 3], "options": [:],
        ]).configHash()
    }
}
