import Foundation
import MOCache
import MOCacheCLI
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built `mocache` binary running `/bin/sh` scripts as training and eval jobs through the cache.
@Suite("mocache: train and eval")
struct CLIJobTests {
    @Test("train: a miss runs the command and stores the model; the same call is then a hit")
    func trainMissThenHit() async throws {
        let workspace = try CLIWorkspace()
        let first = try await workspace.train()
        #expect(first.exitCode == 0, "\(first)")
        let model = try #require(first.lines.first)
        #expect(model.hasPrefix("ft-") && first.stdout == model + "\n")
        #expect(first.stderr.contains("training tiny on "), "the command's output is copied to stderr")
        #expect(first.stderr.contains("stored (t1)"))
        let second = try await workspace.train()
        #expect(second.stdout == first.stdout)
        #expect(second.stderr.contains("served from the cache (t1)") && !second.stderr.contains("training tiny"))
        #expect(workspace.trainCalls == 1)

        let json = try await workspace.train(["--format", "json"]).json()
        #expect(json["model_id"] == .string(model) && json["served_from_cache"] == true && json["policy"] == "use")
        #expect(json["entry"]?["id"] == "t1" && json["entry"]?["hit_count"] == 1)
        #expect(json["metadata"] == ["loss": 0.25])
        let quiet = try await workspace.train(["--quiet"])
        #expect(quiet.stdout == first.stdout && quiet.stderr.isEmpty, "\(quiet)")
        let models = try await workspace.run(["models", "--format", "json"]).json()
        #expect(models.arrayValue?.first?["hit_count"] == 3)
    }

    @Test("train: the entry printed is the one the job stored, even when the dataset changed while it ran")
    func datasetChangedWhileTraining() async throws {
        let workspace = try CLIWorkspace()
        let script = try workspace.write(
            "append.sh",
            """
            cat > /dev/null
            echo '{"text": "one more"}' >> "$MOCACHE_DATASET_PATH"
            echo '{"model_id": "ft-appended"}'
            """)
        let arguments = [
            "--backend", "process:sft", "--dataset", workspace.dataset, "--config", workspace.config, "--", "/bin/sh",
            script,
        ]
        let text = try await workspace.run(["train"] + arguments)
        #expect(text.exitCode == 0 && text.stderr.contains("; stored (t1)"), "\(text)")
        // The dataset grew: another key, another run, whose entry is printed.
        let json = try await workspace.run(["train", "--format", "json"] + arguments).json()
        #expect(json["served_from_cache"] == false && json["entry"]?["id"] == "t2", "\(json)")
        #expect(json["entry"]?["model_id"] == "ft-appended")
    }

    @Test("train: the namespace and the replicate are part of the key; the config file must agree")
    func namespaceAndReplicate() async throws {
        let workspace = try CLIWorkspace()
        for extra in [[], ["--namespace", "v2"], ["--replicate", "2"], ["--namespace", "v2"]] {
            let result = try await workspace.train(extra)
            #expect(result.exitCode == 0, "\(result)")
        }
        #expect(workspace.trainCalls == 3)
        let models = try await workspace.run(["models", "--format", "json"]).json()
        let configs = models.arrayValue?.map { $0["config"] ?? .null } ?? []
        #expect(configs.compactMap { $0["namespace"] } == ["v2"])
        #expect(configs.compactMap { $0["replicate"] } == [2])
        let conflicting = try workspace.write("ns.json", #"{"base_model": "tiny", "namespace": "a"}"#)
        let refused = try await workspace.train(["--namespace", "b"], config: conflicting)
        #expect(refused.exitCode == 1 && refused.stderr.contains("ns.json: $.namespace:"), "\(refused)")
    }

    @Test("train: policies off, read-only and refresh")
    func policies() async throws {
        let workspace = try CLIWorkspace()
        let off = try await workspace.train(["--policy", "off"])
        #expect(off.exitCode == 0 && off.stderr.contains("not stored (policy off)"), "\(off)")
        #expect(!fileExists(workspace.db), "policy off never creates a database")
        let readOnly = try await workspace.train(["--policy", "read-only"])
        #expect(readOnly.exitCode == 0 && !fileExists(workspace.db))
        _ = try await workspace.train()
        let before = try fileBytes(workspace.db)
        let served = try await workspace.train(["--policy", "read-only", "--format", "json"]).json()
        #expect(served["served_from_cache"] == true)
        #expect(workspace.trainCalls == 3)
        let refreshed = try await workspace.train(["--policy", "refresh", "--format", "json"]).json()
        #expect(refreshed["served_from_cache"] == false && refreshed["entry"]?["id"] == "t1")
        #expect(workspace.trainCalls == 4)
        #expect(try fileBytes(workspace.db) != before)
    }

    @Test("train: a failing command exits 1 with its stderr; the failure is stored and never served")
    func trainFailure() async throws {
        let workspace = try CLIWorkspace()
        let script = try workspace.write("fail.sh", "echo 'CUDA out of memory' >&2; exit 3")
        let arguments = [
            "train", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", workspace.config, "--",
            "/bin/sh", script,
        ]
        let result = try await workspace.run(arguments)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("exited with status 3") && result.stderr.contains("CUDA out of memory"))
        // With --quiet the command's output is not copied, so stderr holds only the JSON error.
        let json = try await workspace.run(
            Array(arguments.dropLast(3)) + ["--format", "json", "--quiet"] + arguments.suffix(3))
        #expect(try JSONValue(parsing: json.stderr)["error"]?["code"] == "job_failed")
        let models = try await workspace.run(["models", "--format", "json"]).json()
        #expect(models.arrayValue?.first?["status"] == "failed")
        let retried = try await workspace.train()
        #expect(retried.exitCode == 0 && workspace.trainCalls == 1, "the failure was not served: the job ran")
    }

    @Test("train: --timeout stops the command; a missing dataset or config is a clear error")
    func trainTimeoutAndInputs() async throws {
        let workspace = try CLIWorkspace()
        let timedOut = try await workspace.train(["--timeout", "1s"], environment: ["TRAIN_SLEEP": "30"])
        #expect(timedOut.exitCode == 1, "\(timedOut)")
        #expect(timedOut.stderr.contains("1 s") || timedOut.stderr.contains("time"), "\(timedOut)")
        let status = try await workspace.run(["models", "--format", "json"]).json()
        #expect(status.arrayValue?.first?["status"] == "failed", "\(status)")
        let noData = try await workspace.run(
            [
                "train", "--backend", "b", "--dataset", workspace.folder.path("nope.jsonl"), "--config",
                workspace.config, "--", "true",
            ])
        #expect(noData.exitCode == 1 && noData.stderr.contains("nope.jsonl does not exist"), "\(noData)")
        let noConfig = try await workspace.run(
            [
                "train", "--backend", "b", "--dataset", workspace.dataset, "--config",
                workspace.folder.path("nope.json"), "--", "true",
            ])
        #expect(noConfig.exitCode == 1 && noConfig.stderr.contains("nope.json does not exist"), "\(noConfig)")
    }

    @Test("train: four processes racing on one key run the command once and print the same model")
    func concurrentTrain() async throws {
        let workspace = try CLIWorkspace()
        let results = try await withThrowingTaskGroup(of: ProcessResult.self) { group in
            for _ in 0..<4 {
                group.addTask { try await workspace.train(environment: ["TRAIN_SLEEP": "1"], limited: false) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0.exitCode == 0 }, "\(results)")
        #expect(Set(results.map(\.stdout)).count == 1)
        #expect(workspace.trainCalls == 1)
    }

    @Test("train: Ctrl-C cancels the job, ends its process group, records it cancelled and exits 130")
    func interrupt() async throws {
        let workspace = try CLIWorkspace()
        let pidFile = workspace.folder.path("child.pid")
        let script = try workspace.write("slow.sh", "echo $$ > '\(pidFile)'; sleep 60; echo '{\"model_id\": \"x\"}'")
        let shell = """
            '\(mocacheBinary)' train --db '\(workspace.db)' --backend process:sft --dataset '\(workspace.dataset)' \
              --config '\(workspace.config)' -- /bin/sh '\(script)' &
            pid=$!
            for i in $(seq 100); do [ -s '\(pidFile)' ] && break; sleep 0.1; done
            kill -INT $pid
            wait $pid
            echo "exit=$?"
            """
        let result = try await runProcess(executable: "/bin/sh", arguments: ["-c", shell], timeout: 30)
        #expect(result.stdout.contains("exit=130"), "\(result)")
        #expect(result.stderr.contains("Interrupted: the job was cancelled"), "\(result)")
        let child = try #require(
            pid_t(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(child, 0) != 0, "the job's command is gone")
        let models = try await workspace.run(["models", "--format", "json"]).json()
        #expect(models.arrayValue?.first?["status"] == "cancelled", "\(models)")
    }

    @Test("eval: missing tasks run once each; stored tasks are served; a failed task exits 1")
    func eval() async throws {
        let workspace = try CLIWorkspace()
        func eval(_ tasks: [String], _ extra: [String] = []) async throws -> ProcessResult {
            try await workspace.run(
                ["eval", "--backend", "process:harness", "--model", "ft-1", "--task"] + tasks + extra
                    + ["--", "/bin/sh", workspace.evalScript])
        }
        let first = try await eval(["mmlu", "gsm8k"])
        #expect(first.exitCode == 0, "\(first)")
        #expect(
            first.stdout == """
                TASK   METRICS               SAMPLES  SOURCE
                mmlu   accuracy=0.61 f1=0.5      100  computed
                gsm8k  accuracy=0.33               -  computed

                """)
        #expect(first.stderr.contains("eval mmlu"))
        let second = try await eval(["gsm8k", "mmlu", "arc"])
        #expect(second.exitCode == 1, "\(second)")
        #expect(
            second.lines[1].hasSuffix("cache") && second.lines[2].hasSuffix("cache")
                && second.lines[3].hasSuffix("failed"))
        #expect(second.stderr.contains("task arc failed") && second.stderr.contains("no such task: arc"))
        #expect(workspace.evalCalls == ["mmlu", "gsm8k", "arc"])
        let json = try await eval(["mmlu", "arc"], ["--format", "json"])
        #expect(json.exitCode == 1)
        let document = try json.json()
        #expect(document["tasks"]?["mmlu"]?["served_from_cache"] == true)
        #expect(document["tasks"]?["mmlu"]?["metrics"] == ["accuracy": 0.61, "f1": 0.5])
        #expect(document["failures"]?["arc"]?.stringValue?.contains("exited with status 2") == true)
        let params = try workspace.write("params.json", #"{"shots": 5}"#)
        let withParams = try await eval(["mmlu"], ["--params", params])
        #expect(withParams.stdout.contains("computed"), "other params are another key")
        let badParams = try workspace.write("bad-params.json", "[1]")
        let refused = try await eval(["mmlu"], ["--params", badParams])
        #expect(refused.exitCode == 1 && refused.stderr.contains("must be a JSON object"))
    }
}
