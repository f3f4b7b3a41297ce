import Foundation
import MOCache
import MOCacheCLI
import Testing

/// A scratch folder for running the built `mocache` binary as users do: a database path, a dataset, a
/// training configuration and shell scripts that act as training and eval commands.
///
/// Every run passes `--db` right after the command name (before any `--`), unless told not to.
struct CLIWorkspace: Sendable {
    let folder: TemporaryDirectory

    /// The database file, which does not exist until something creates it.
    var db: String { folder.path("cache.sqlite") }
    /// A small dataset file.
    var dataset: String { folder.path("data.jsonl") }
    /// A training configuration: `tiny` with learning rate 0.001.
    var config: String { folder.path("sft.json") }
    /// A training command: logs to stderr, appends a line to `train-calls.txt`, prints a model id
    /// derived from its configuration.
    var trainScript: String { folder.path("train.sh") }
    /// An eval command: `mmlu` and `gsm8k` succeed, other tasks fail.
    var evalScript: String { folder.path("eval.sh") }

    init() throws {
        folder = try TemporaryDirectory(prefix: "mocache-cli")
        try write("data.jsonl", "{\"text\": \"hello\"}\n{\"text\": \"world\"}\n")
        try write("sft.json", #"{"base_model": "tiny", "hyperparameters": {"learning_rate": 0.001, "epochs": 3}}"#)
        try write(
            "train.sh",
            """
            cat > /dev/null
            echo "training $MOCACHE_BASE_MODEL on $MOCACHE_DATASET_PATH" >&2
            echo call >> '\(folder.path("train-calls.txt"))'
            sleep "${TRAIN_SLEEP:-0}"
            echo "{\\"model_id\\": \\"ft-$(printf %s "$MOCACHE_CONFIG_JSON" | sha256sum | cut -c1-8)\\", \\"loss\\": 0.25}"
            """)
        try write(
            "eval.sh",
            """
            cat > /dev/null
            echo "eval $MOCACHE_TASK" >&2
            echo "$MOCACHE_TASK" >> '\(folder.path("eval-calls.txt"))'
            case "$MOCACHE_TASK" in
              mmlu) echo '{"metrics": {"accuracy": 0.61, "f1": 0.5}, "sample_count": 100}';;
              gsm8k) echo '{"metrics": {"accuracy": 0.33}}';;
              *) echo "no such task: $MOCACHE_TASK" >&2; exit 2;;
            esac
            """)
    }

    /// Writes a file in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// How many times the training script ran.
    var trainCalls: Int { lines("train-calls.txt").count }

    /// The tasks the eval script ran, in order.
    var evalCalls: [String] { lines("eval-calls.txt") }

    private func lines(_ name: String) -> [String] {
        ((try? String(contentsOfFile: folder.path(name), encoding: .utf8)) ?? "").split(separator: "\n").map(
            String.init)
    }

    /// Runs `mocache ARGUMENTS`, with `--db` after the command name unless `db` is false, in one of the
    /// ``ProcessSlots`` unless `limited` is false.
    func run(
        _ arguments: [String], db: Bool = true, environment: [String: String] = [:], stdin: Data? = nil,
        asNobody: Bool = false, timeout: TimeInterval = 60, limited: Bool = true
    ) async throws -> ProcessResult {
        guard limited else {
            return try await unlimitedRun(
                arguments, db: db, environment: environment, stdin: stdin, asNobody: asNobody, timeout: timeout)
        }
        return try await ProcessSlots.shared.withSlot {
            try await unlimitedRun(
                arguments, db: db, environment: environment, stdin: stdin, asNobody: asNobody, timeout: timeout)
        }
    }

    private func unlimitedRun(
        _ arguments: [String], db: Bool, environment: [String: String], stdin: Data?, asNobody: Bool,
        timeout: TimeInterval
    ) async throws -> ProcessResult {
        var arguments = arguments
        if db, !arguments.isEmpty { arguments.insert(contentsOf: ["--db", self.db], at: 1) }
        let environment = ["MOCACHE_DB": "", "NO_COLOR": ""].merging(environment) { $1 }
        if asNobody {
            return try await runAsNobodyIfRoot(
                executable: mocacheBinary, arguments: arguments, environment: environment, stdin: stdin,
                timeout: timeout)
        }
        return try await runProcess(
            executable: mocacheBinary, arguments: arguments, environment: environment, stdin: stdin, timeout: timeout)
    }

    /// `mocache train` of the workspace's dataset and configuration with the training script.
    func train(
        _ extra: [String] = [], config: String? = nil, environment: [String: String] = [:], limited: Bool = true
    ) async throws -> ProcessResult {
        try await run(
            ["train", "--backend", "process:sft", "--dataset", dataset, "--config", config ?? self.config] + extra
                + ["--", "/bin/sh", trainScript], environment: environment, limited: limited)
    }

    /// Seeds the database in this process, the way the cached wrappers fill it:
    /// - t1: `process:sft`, the workspace's dataset, lr 0.001, model `ft-alpha-1`, served twice;
    /// - t2: `process:sft`, lr 0.01, model `ft-alpha-2`;
    /// - t3: `process:dpo`, another dataset, model `ft-beta`;
    /// - t4: `process:sft`, lr 0.1, failed with `out of memory`;
    /// - e1, e2: `ft-alpha-1` on mmlu (accuracy 0.6, f1 0.5) and gsm8k (accuracy 0.3), e1 served once;
    /// - e3: `ft-alpha-2` on mmlu (accuracy 0.7); e4: `ft-beta` on mmlu, failed;
    /// - an upload of the dataset to `openai` as `file-1`, and the dataset file in the hash memo.
    func seed() async throws {
        let store = try await SQLiteCacheBackend(path: db)
        let datasetHash = try await DatasetHasher.hash(fileAt: dataset)
        let worker = Worker(owner: "seed", host: "seed-host", pid: 42)
        func config(_ rate: Double) -> JSONValue {
            ["base_model": "tiny", "hyperparameters": ["learning_rate": .number(rate), "epochs": 3], "options": [:]]
        }
        func train(_ backend: String, _ hash: String, _ config: JSONValue, _ outcome: TrainingOutcome) async throws
            -> TrainingRunRecord
        {
            let key = TrainingKey(backendID: backend, datasetHash: hash, configHash: try config.configHash())
            _ = try await store.claimTrainingRun(for: key, config: config, lease: LeaseRequest(worker: worker))
            try await store.recordTrainingJobStarted(for: key, jobID: "job-\(backend)", worker: worker)
            return try await store.finishTrainingRun(for: key, owner: worker.owner, outcome: outcome)
        }
        func evaluate(_ model: String, _ task: String, _ outcome: EvalOutcome) async throws -> EvalResultRecord {
            let key = EvalKey(
                backendID: "process:harness", modelID: model, task: task,
                paramsHash: try JSONValue.object([:]).configHash())
            _ = try await store.claimEvalResult(for: key, params: [:], lease: LeaseRequest(worker: worker))
            try await store.recordEvalJobStarted(for: key, jobID: nil, worker: worker)
            return try await store.finishEvalResult(for: key, owner: worker.owner, outcome: outcome)
        }
        let first = try await train(
            "process:sft", datasetHash, config(0.001), .succeeded(modelID: "ft-alpha-1", metadata: ["loss": 0.5]))
        _ = try await train("process:sft", datasetHash, config(0.01), .succeeded(modelID: "ft-alpha-2", metadata: nil))
        _ = try await train(
            "process:dpo", String(repeating: "b", count: 64), config(0.001),
            .succeeded(modelID: "ft-beta", metadata: nil))
        _ = try await train("process:sft", datasetHash, config(0.1), .failed("out of memory"))
        let mmlu = try await evaluate(
            "ft-alpha-1", "mmlu", .succeeded(metrics: ["accuracy": 0.6, "f1": 0.5], sampleCount: 100, logPath: nil))
        _ = try await evaluate(
            "ft-alpha-1", "gsm8k", .succeeded(metrics: ["accuracy": 0.3], sampleCount: nil, logPath: nil))
        _ = try await evaluate(
            "ft-alpha-2", "mmlu", .succeeded(metrics: ["accuracy": 0.7], sampleCount: nil, logPath: nil))
        _ = try await evaluate("ft-beta", "mmlu", .failed("harness crashed"))
        await store.recordHit(.training(first.id))
        await store.recordHit(.training(first.id))
        await store.recordHit(.eval(mmlu.id))
        try await store.recordDatasetUpload(
            DatasetUpload(backendID: "openai", datasetHash: datasetHash, fileID: "file-1", uploadedAt: Date()))
        try await store.memoizeHash(datasetHash, for: try FileIdentity.of(path: dataset))
        try await store.close()
    }
}

/// The `mocache` binary built next to the tests.
let mocacheBinary = product("mocache")

extension ProcessResult {
    /// Standard output as a JSON document.
    func json(sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        do {
            return try JSONValue(parsing: stdout)
        } catch {
            Issue.record("stdout is not JSON: \(self)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// The lines of standard output.
    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}
