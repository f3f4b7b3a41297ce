import Foundation
import MOCache
import Testing

/// A scratch folder with an inspect-ai task file, the OpenAI-compatible stub the task's model talks to,
/// and the real `inspect` program, for running `mocache eval --backend inspect` as users do.
struct InspectWorkspace {
    let cli: CLIWorkspace
    let stub: OpenAIStub
    let inspect: String

    /// The task file.
    var taskFile: String { cli.folder.path("quiz.py") }
    /// The task, `FILE@TASK`.
    var task: String { taskFile + "@quiz" }

    /// A task of `count` (default 10) samples `q0`, `q1`, …: the stub answers "I don't know." to every
    /// question, which is the target of every third sample, so accuracy is 0.4 over 10 samples.
    static let taskSource = """
        from inspect_ai import Task, task
        from inspect_ai.dataset import Sample
        from inspect_ai.scorer import includes
        from inspect_ai.solver import generate


        @task
        def quiz(count: int = 10):
            samples = [
                Sample(id=f"q{i}", input=f"Question {i}?", target="I don't know." if i % 3 == 0 else "Paris")
                for i in range(count)
            ]
            return Task(dataset=samples, solver=generate(), scorer=includes())

        """

    /// The model the stub serves, as inspect names it.
    static let model = "openai/gpt-4o-mini-2024-07-18"

    init() async throws {
        inspect = try Self.program()
        cli = try CLIWorkspace()
        stub = try await OpenAIStub()
        try cli.write("quiz.py", Self.taskSource)
    }

    /// Runs `mocache eval --backend inspect --model MODEL --task TASK EXTRA` against the stub.
    func eval(_ extra: [String] = [], task: String? = nil) async throws -> ProcessResult {
        try await cli.run(
            ["eval", "--backend", "inspect", "--model", Self.model, "--task", task ?? self.task, "--inspect", inspect]
                + extra, environment: stub.environment, timeout: 600)
    }

    /// How many chat completions reached the stub: one per sample the model was asked.
    func chats() throws -> Int {
        try stub.requests("POST", "/v1/chat/completions").count
    }

    /// The inspect program of the tests: `MOCACHE_TEST_INSPECT`, or the project's `.venv-inspect` that
    /// `.ci/run` makes. Missing, the test fails and says how to install it: CI must run these tests.
    static func program() throws -> String {
        if let given = ProcessInfo.processInfo.environment["MOCACHE_TEST_INSPECT"], !given.isEmpty { return given }
        let venv = PackageSources.root.appendingPathComponent(".venv-inspect/bin/inspect").path
        guard FileManager.default.isExecutableFile(atPath: venv) else {
            throw StubFailure(
                message: "inspect-ai is not installed for the tests: run .ci/run (it makes .venv-inspect with "
                    + "inspect-ai and openai), or set MOCACHE_TEST_INSPECT to an inspect program.")
        }
        return venv
    }
}
