import Foundation
import MOCache
import Testing

/// Large configurations and eval params reach the command by standard input and by file, never through
/// the environment, whose size the kernel limits (issue 10, item 14).
@Suite("Process backends: large documents")
struct ProcessDocumentTests {
    /// A string of `count` ASCII letters.
    static func blob(_ count: Int) -> String {
        String(repeating: "abcdefgh", count: count / 8)
    }

    @Test("a 1 MiB configuration reaches the training command on stdin and in MOCACHE_CONFIG_FILE")
    func largeTrainingConfig() async throws {
        let request = TrainingRequest(
            dataset: ProcessBackendTests.dataset, baseModel: "tiny",
            hyperparameters: ["blob": .string(Self.blob(1 << 20)), "learning_rate": 0.01])
        let script = """
            stdin_bytes=$(wc -c | tr -d ' ')
            config_bytes=$(wc -c < "$MOCACHE_CONFIG_FILE" | tr -d ' ')
            request_bytes=$(wc -c < "$MOCACHE_REQUEST_FILE" | tr -d ' ')
            env_bytes=$(env | wc -c | tr -d ' ')
            inline=${MOCACHE_CONFIG_JSON+set}
            echo "{\\"model_id\\": \\"big\\", \\"stdin\\": $stdin_bytes, \\"config\\": $config_bytes, \
            \\"request\\": $request_bytes, \\"env\\": $env_bytes, \\"inline\\": \\"$inline\\"}"
            """
        let model = try await ProcessTrainingBackend(command: ["/bin/sh", "-c", script])
            .startTraining(request, data: ProcessBackendTests.prepared()).wait()
        let config = try TrainingConfiguration.json(for: request).canonicalJSON()
        #expect(model.modelID == "big")
        #expect(model.metadata?["config"] == .number(Double(config.utf8.count)), "\(model.metadata ?? .null)")
        #expect((model.metadata?["stdin"]?.doubleValue ?? 0) > Double(1 << 20))
        #expect((model.metadata?["request"]?.doubleValue ?? 0) > Double(1 << 20))
        #expect(model.metadata?["inline"] == "", "a 1 MiB document is not put in the environment")
        let inherited = ProcessInfo.processInfo.environment.reduce(0) {
            $0 + $1.key.utf8.count + $1.value.utf8.count + 2
        }
        #expect((model.metadata?["env"]?.doubleValue ?? .infinity) < Double(inherited + (64 << 10)))
    }

    @Test("a small configuration is also in MOCACHE_CONFIG_JSON, as before")
    func smallConfigInline() async throws {
        let script = """
            cat > /dev/null
            same=no; [ "$MOCACHE_CONFIG_JSON" = "$(cat "$MOCACHE_CONFIG_FILE")" ] && same=yes
            echo "{\\"model_id\\": \\"small\\", \\"same\\": \\"$same\\", \\"config\\": $MOCACHE_CONFIG_JSON}"
            """
        let model = try await ProcessTrainingBackend(command: ["/bin/sh", "-c", script])
            .startTraining(ProcessBackendTests.request(), data: ProcessBackendTests.prepared()).wait()
        #expect(model.metadata?["same"] == "yes")
        #expect(model.metadata?["config"]?["hyperparameters"] == ["learning_rate": 0.01])
    }

    @Test("1 MiB eval params reach the eval command on stdin and in MOCACHE_PARAMS_FILE")
    func largeEvalParams() async throws {
        let params: JSONValue = ["blob": .string(Self.blob(1 << 20))]
        let script = """
            stdin_bytes=$(wc -c | tr -d ' ')
            params_bytes=$(wc -c < "$MOCACHE_PARAMS_FILE" | tr -d ' ')
            echo "{\\"metrics\\": {\\"stdin\\": $stdin_bytes, \\"params\\": $params_bytes}}"
            """
        let results = try await ProcessEvalBackend(command: ["/bin/sh", "-c", script])
            .startEval(EvalRequest(modelID: "m1", tasks: ["mmlu"], params: params)).wait()
        #expect(results.failures.isEmpty, "\(results.failures)")
        #expect(results.tasks["mmlu"]?.metrics["params"] == Double(try params.canonicalJSON().utf8.count))
        #expect((results.tasks["mmlu"]?.metrics["stdin"] ?? 0) > Double(1 << 20))
    }

    @Test("the documents' folder is gone once the job ended")
    func documentsRemoved() async throws {
        let script = """
            cat > /dev/null
            echo "{\\"model_id\\": \\"$MOCACHE_CONFIG_FILE\\"}"
            """
        let model = try await ProcessTrainingBackend(command: ["/bin/sh", "-c", script])
            .startTraining(ProcessBackendTests.request(), data: ProcessBackendTests.prepared()).wait()
        #expect(model.modelID.hasSuffix("config.json"))
        #expect(!FileManager.default.fileExists(atPath: model.modelID))
    }
}
