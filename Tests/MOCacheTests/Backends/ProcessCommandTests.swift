import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// ``ProcessCommand``: how its settings reach the child, and that the backends' older initializers build
/// the same command as the new ones.
@Suite("Process command")
struct ProcessCommandTests {
    @Test("the run's environment: inherited, then the command's, then the backend's variables")
    func environmentPrecedence() {
        let command = ProcessCommand(
            arguments: ["true"], environment: ["SHARED": "command", "MOCACHE_TASK": "command", "OWN": "command"])
        let environment = command.environment(
            adding: ["MOCACHE_TASK": "backend"], to: ["SHARED": "inherited", "HOME": "/root"])
        #expect(
            environment == ["SHARED": "command", "MOCACHE_TASK": "backend", "OWN": "command", "HOME": "/root"])
    }

    @Test("the command line in error messages is the arguments joined by spaces")
    func commandLine() {
        #expect(
            ProcessCommand(arguments: ["python3", "finetune.py", "--fast"]).commandLine == "python3 finetune.py --fast")
    }

    @Test("the backends' initializers with separate settings build the same command")
    func initializersAgree() {
        let command = ProcessCommand(
            arguments: ["/bin/sh", "-c", "exit 0"], workingDirectory: "/tmp", environment: ["A": "1"],
            timeout: .seconds(5), echoOutput: true)
        let trainer = ProcessTrainingBackend(
            command: ["/bin/sh", "-c", "exit 0"], workingDirectory: "/tmp", environment: ["A": "1"],
            timeout: .seconds(5), echoOutput: true)
        let harness = ProcessEvalBackend(
            backendID: "process:x", command: ["/bin/sh", "-c", "exit 0"], workingDirectory: "/tmp",
            environment: ["A": "1"], timeout: .seconds(5), echoOutput: true)
        #expect(trainer.command == command)
        #expect(trainer.backendID == ProcessTrainingBackend(command: command).backendID)
        #expect(trainer.backendID == "process:train")
        #expect(harness.command == command)
        #expect(harness.backendID == "process:x")
        #expect(ProcessEvalBackend(command: command).backendID == "process:eval")
        #expect(ProcessTrainingBackend(command: ["true"]).command == ProcessCommand(arguments: ["true"]))
    }

    @Test("a command runs in its working directory with its environment, under the backend's variables")
    func settingsReachTheChild() async throws {
        let folder = try TemporaryDirectory()
        let command = ProcessCommand(
            arguments: [
                "/bin/sh", "-c",
                """
                echo here > marker
                echo "{\\"metrics\\": {\\"value\\": $VALUE}, \\"log_path\\": \\"$MOCACHE_TASK\\"}"
                """,
            ],
            workingDirectory: folder.url.path, environment: ["VALUE": "0.5", "MOCACHE_TASK": "from-command"])
        let results = try await ProcessEvalBackend(command: command)
            .startEval(EvalRequest(modelID: "m1", tasks: ["mmlu"])).wait()
        #expect(results.failures.isEmpty, "\(results.failures)")
        #expect(results.tasks["mmlu"]?.metrics == ["value": 0.5])
        #expect(results.tasks["mmlu"]?.logPath == "mmlu")
        #expect(FileManager.default.fileExists(atPath: folder.path("marker")))
    }
}
