import Foundation
import MOCache
import Testing

/// `mocache eval --backend inspect` as users run it: the built binary, the real `inspect eval` of
/// inspect-ai, and the OpenAI-compatible stub as the model, on loopback.
@Suite("mocache eval --backend inspect with the real inspect-ai")
struct InspectCLITests {
    @Test("10 samples: inspect's own metrics are stored; again: nothing reaches the model; an edited task file runs")
    func evaluateOnceServeAfter() async throws {
        let workspace = try await InspectWorkspace()
        let logs = workspace.cli.folder.path("logs")
        let first = try await workspace.eval(["--inspect-log-dir", logs, "--format", "json"])
        #expect(first.exitCode == 0, "\(first)")
        let computed = try #require(try first.json()["tasks"]?[workspace.task], "\(first)")
        #expect(computed["served_from_cache"] == false)
        #expect(computed["sample_count"] == 10)
        #expect(computed["metrics"]?["accuracy"] == 0.4)
        let logPath = try #require(computed["log_path"]?.stringValue)
        let log = try JSONValue(parsing: Data(contentsOf: URL(fileURLWithPath: logPath)))
        let logged = try #require(log["results"]?["scores"]?.arrayValue?.first?["metrics"]?.objectValue)
        #expect(computed["metrics"] == .object(logged.compactMapValues { $0["value"] }))
        #expect(try workspace.chats() == 10)

        let second = try await workspace.eval(["--format", "json"])
        #expect(second.exitCode == 0, "\(second)")
        let served = try #require(try second.json()["tasks"]?[workspace.task], "\(second)")
        #expect(served["served_from_cache"] == true)
        #expect(served["metrics"] == computed["metrics"])
        #expect(try workspace.chats() == 10, "a stored task sends nothing to the model")

        let whyMiss = ["why-miss", "--backend", "inspect", "--model", InspectWorkspace.model, "--task", workspace.task]
        let hit = try await workspace.cli.run(whyMiss)
        #expect(hit.exitCode == 0 && hit.stdout.contains("hit: e1 is stored"), "\(hit)")

        try workspace.cli.write("quiz.py", InspectWorkspace.taskSource + "# edited\n")
        let explained = try await workspace.cli.run(whyMiss)
        #expect(explained.exitCode == 0, "\(explained)")
        #expect(explained.stdout.contains("miss: nothing is stored for this key"), "\(explained)")
        #expect(explained.stdout.contains("the task file changed: \(workspace.taskFile)"), "\(explained)")
        let edited = try await workspace.eval(["--format", "json"])
        #expect(edited.exitCode == 0, "\(edited)")
        #expect(try edited.json()["tasks"]?[workspace.task]?["served_from_cache"] == false, "\(edited)")
        #expect(try workspace.chats() == 20, "an edited task file is a miss")
    }

    @Test("a task argument changes the key; one the task does not take is an error, not a silent ignore")
    func taskArguments() async throws {
        let workspace = try await InspectWorkspace()
        let four = try await workspace.eval(["--task-arg", "count=4", "--format", "json"])
        #expect(four.exitCode == 0, "\(four)")
        #expect(try four.json()["tasks"]?[workspace.task]?["sample_count"] == 4, "\(four)")
        #expect(try workspace.chats() == 4)

        let unknown = try await workspace.eval(["--task-arg", "colour=red", "--limit", "1"])
        #expect(unknown.exitCode == 1, "\(unknown)")
        #expect(unknown.stderr.contains("does not take the argument colour"), "\(unknown)")
        #expect(unknown.stderr.contains("it takes only count"), "\(unknown)")
    }

    @Test("an unknown task and a missing inspect program are clear errors")
    func badInput() async throws {
        let workspace = try await InspectWorkspace()
        let missingProgram = try await workspace.cli.run(
            [
                "eval", "--backend", "inspect", "--model", InspectWorkspace.model, "--task", workspace.task,
                "--inspect", workspace.cli.folder.path("no-such-inspect"),
            ], environment: workspace.stub.environment)
        #expect(missingProgram.exitCode != 0, "\(missingProgram)")
        #expect(missingProgram.stderr.contains("pip install inspect-ai"), "\(missingProgram)")
        #expect(!FileManager.default.fileExists(atPath: workspace.cli.db), "nothing ran, nothing was stored")

        let missingTask = try await workspace.eval(task: workspace.taskFile + "@nope")
        #expect(missingTask.exitCode == 1, "\(missingTask)")
        #expect(missingTask.stderr.contains("There is no task named nope in \(workspace.taskFile)"), "\(missingTask)")
        #expect(try workspace.chats() == 0)
    }
}
