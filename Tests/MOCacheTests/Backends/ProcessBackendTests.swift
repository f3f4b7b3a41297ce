import Foundation
import MOCache
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The process backends with real child processes: the contract, bad output, timeouts, cancellation.
@Suite("Process backends")
struct ProcessBackendTests {
    static let dataset = Dataset.bytes(Data("{\"text\": \"hello\"}\n".utf8))

    static func request(_ hyperparameters: JSONValue = ["learning_rate": 0.01]) -> TrainingRequest {
        TrainingRequest(dataset: dataset, baseModel: "tiny", hyperparameters: hyperparameters)
    }

    static func prepared() -> PreparedDataset {
        PreparedDataset(dataset: dataset, hash: DatasetHasher.hash(bytes: Data("{\"text\": \"hello\"}\n".utf8)))
    }

    static func trainer(_ script: String, timeout: Duration? = nil) -> ProcessTrainingBackend {
        ProcessTrainingBackend(command: ["/bin/sh", "-c", script], timeout: timeout)
    }

    @Test("the request arrives on stdin and in the environment; the last stdout line is the result")
    func contract() async throws {
        let folder = try TemporaryDirectory()
        let input = folder.path("stdin.json")
        let backend = Self.trainer(
            """
            cat > '\(input)'
            echo "training on $MOCACHE_DATASET_PATH" >&2
            echo 'progress: epoch 1'
            echo "{\\"model_id\\": \\"ft-$MOCACHE_BASE_MODEL\\", \\"loss\\": 0.25, \\"hash\\": \\"$MOCACHE_DATASET_HASH\\"}"
            """)
        let model = try await backend.startTraining(Self.request(), data: Self.prepared()).wait()
        #expect(model.modelID == "ft-tiny")
        #expect(model.metadata?["loss"] == 0.25)
        #expect(model.metadata?["hash"] == .string(Self.prepared().hash))
        let sent = try JSONValue(parsing: Data(contentsOf: URL(fileURLWithPath: input)))
        #expect(sent["base_model"] == "tiny")
        #expect(sent["hyperparameters"] == ["learning_rate": 0.01])
        #expect(sent["dataset_hash"] == .string(Self.prepared().hash))
        let path = try #require(sent["dataset_path"]?.stringValue)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("{\"text\": \"hello\"}\n".utf8))
    }

    @Test(
        "bad output is a clear error",
        arguments: [
            ("echo 'no json here'", "must print a JSON object"),
            ("true", "printed nothing"),
            ("echo '[1, 2]'", "must print a JSON object"),
            ("echo '{\"model\": \"x\"}'", "model_id"),
            ("echo '{\"model_id\": \"\"}'", "model_id"),
            ("echo 'details on stderr' >&2; exit 3", "exited with status 3"),
            ("kill -9 $$", "killed by signal 9"),
        ])
    func badOutput(script: String, message: String) async throws {
        let run = try await Self.trainer(script).startTraining(Self.request(), data: Self.prepared())
        let error = await #expect(throws: MOCacheError.self) { try await run.wait() }
        #expect(error?.code == .jobFailed)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        if script.contains("stderr") { #expect(error?.message.contains("details on stderr") == true) }
    }

    @Test("a timeout ends the command's whole process group")
    func timeoutKillsGroup() async throws {
        let folder = try TemporaryDirectory()
        let pidFile = folder.path("grandchild.pid")
        let run = try await Self.trainer("sleep 60 & echo $! > '\(pidFile)'; wait", timeout: .milliseconds(500))
            .startTraining(Self.request(), data: Self.prepared())
        let error = await #expect(throws: MOCacheError.self) { try await run.wait() }
        #expect(error?.code == .timedOut)
        let grandchild = try #require(
            pid_t(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        try await Task.sleep(for: .milliseconds(200))
        #expect(!Self.isRunning(grandchild), "the grandchild process \(grandchild) outlived the timeout")
    }

    /// Whether a process exists and is not a zombie waiting to be reaped (a container's init may never
    /// reap the orphans of a killed process group).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            return kill(pid, 0) == 0
        }
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state != "Z" && state != "X"
    }

    @Test("cancelling a run ends it and says so")
    func cancel() async throws {
        let run = try await Self.trainer("sleep 60").startTraining(Self.request(), data: Self.prepared())
        #expect(try await run.status() == .running)
        try await run.cancel()
        let error = await #expect(throws: MOCacheError.self) { try await run.wait() }
        #expect(error?.code == .cancelled)
        #expect(try await run.status() == .cancelled)
    }

    @Test("a command that does not exist is a clear error")
    func missingCommand() async throws {
        let backend = ProcessTrainingBackend(command: ["/nonexistent/train-it"])
        let error = await #expect(throws: MOCacheError.self) {
            _ = try await backend.startTraining(Self.request(), data: Self.prepared())
        }
        #expect(error?.message.contains("/nonexistent/train-it") == true)
    }

    @Test("through the wrapper, bad output stores a failure, never a success")
    func wrapperStoresFailure() async throws {
        let store = InMemoryCacheBackend()
        let trainer = CachedTrainingBackend(Self.trainer("echo oops"), store: store)
        await #expect(throws: MOCacheError.self) { try await trainer.train(Self.request()) }
        let record = try #require(try await store.trainingRun(for: try await trainer.key(for: Self.request())))
        #expect(record.status == .failed)
        #expect(record.modelID == nil)
        #expect(record.error?.contains("oops") == true)
    }

    @Test("the eval command runs once per task; a broken task fails alone")
    func evalPerTask() async throws {
        let backend = ProcessEvalBackend(
            command: [
                "/bin/sh", "-c",
                """
                case "$MOCACHE_TASK" in
                  good) echo "{\\"metrics\\": {\\"accuracy\\": 0.75}, \\"sample_count\\": 40, \\"log_path\\": \\"/tmp/$MOCACHE_MODEL_ID.log\\"}" ;;
                  text) echo '{"metrics": {"accuracy": "high"}}' ;;
                  crash) echo 'boom' >&2; exit 1 ;;
                esac
                """,
            ])
        let results = try await backend.startEval(EvalRequest(modelID: "m1", tasks: ["good", "text", "crash"])).wait()
        #expect(results.tasks["good"]?.metrics == ["accuracy": 0.75])
        #expect(results.tasks["good"]?.sampleCount == 40)
        #expect(results.tasks["good"]?.logPath == "/tmp/m1.log")
        #expect(results.failures["text"]?.contains("not a finite number") == true)
        #expect(results.failures["crash"]?.contains("boom") == true)
        #expect(throws: MOCacheError.self) { try results.requireAllSucceeded() }
    }
}
