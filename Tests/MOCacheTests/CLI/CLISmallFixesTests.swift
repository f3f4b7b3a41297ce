import Foundation
import MOCache
import Testing

/// The small ones of issue 10, item 17: an entry id that is also a model id, parse errors of import
/// files worded for them, and `--config /dev/zero`.
@Suite("mocache: small fixes")
struct CLISmallFixesTests {
    @Test("rm t1 when another run's model is named t1: refused as ambiguous, nothing removed")
    func idThatIsAlsoAModelID() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let rename = try await runProcess(
            executable: "/usr/bin/sqlite3",
            arguments: [workspace.db, "UPDATE training_runs SET model_id = 't1' WHERE model_id = 'ft-beta'"],
            timeout: 60)
        #expect(rename.exitCode == 0, "\(rename)")
        let before = try await workspace.run(["models", "--format", "json"]).json()
        let removed = try await workspace.run(["rm", "t1"])
        #expect(removed.exitCode == 1, "\(removed)")
        #expect(removed.stderr.contains("\"t1\" is an entry id and also the model id of another training run"))
        #expect(removed.stderr.contains("t1 process:sft model ft-alpha-1") && removed.stderr.contains("model t1 "))
        #expect(try await workspace.run(["models", "--format", "json"]).json() == before)
        let show = try await workspace.run(["show", "t1"])
        #expect(show.exitCode == 1 && show.stderr.contains("also the model id"), "\(show)")
        let other = try await workspace.run(["show", "t2"])
        #expect(other.exitCode == 0 && other.stdout.contains("ft-alpha-2"), "\(other)")
    }

    @Test("an import line that is not JSON: the error names the line and the problem, not configurations")
    func importParseErrorWording() async throws {
        let workspace = try CLIWorkspace()
        let file = try workspace.write("bad.jsonl", "{\"version\": 1,}\n")
        let result = try await workspace.run(["import", file])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("line 1: $") && result.stderr.contains("invalid JSON"), "\(result)")
        #expect(!result.stderr.contains("one exact JSON form"), "\(result)")
    }

    @Test("--config /dev/zero: a clear error about the size, not a permission or memory failure")
    func configFromDevZero() async throws {
        let workspace = try CLIWorkspace()
        let result = try await workspace.run(
            [
                "train", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", "/dev/zero", "--",
                "/bin/sh", workspace.trainScript,
            ], timeout: 300)
        #expect(result.exitCode == 1 && !result.timedOut, "\(result)")
        #expect(result.stderr.contains("/dev/zero holds more than 64 MiB"), "\(result)")
        #expect(workspace.trainCalls == 0)
    }
}
