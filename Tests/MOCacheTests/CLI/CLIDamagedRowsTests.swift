import Foundation
import MOCache
import Testing

/// One damaged row (invalid UTF-8 in a JSON document, a broken time) is found by `verify`, and `models`,
/// `evals` and `export` skip it with a warning naming it instead of failing on every row (issue 10,
/// item 15). The damage is done with the real `sqlite3` shell.
@Suite("mocache: damaged rows")
struct CLIDamagedRowsTests {
    /// Runs SQL with the `sqlite3` shell, CHECK constraints off (damage does not ask them).
    static func damage(_ workspace: CLIWorkspace, _ sql: String) async throws {
        let result = try await runProcess(
            executable: "/usr/bin/sqlite3",
            arguments: [workspace.db, "PRAGMA ignore_check_constraints = ON; " + sql], timeout: 60)
        #expect(result.exitCode == 0, "\(result)")
    }

    @Test("verify finds each damaged row; listings and export skip it and name it")
    func damagedRowsAreFoundAndSkipped() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        // t2's configuration gets a byte that is not UTF-8; e2 gets a creation time that is no time.
        try await Self.damage(
            workspace,
            """
            UPDATE training_runs SET config_json = CAST(X'7B226C72223A2230FF227D' AS TEXT) WHERE model_id = 'ft-alpha-2';
            UPDATE eval_results SET created_at = '2026-13-45T99:00:00.000Z' WHERE task = 'gsm8k';
            """)
        let verify = try await workspace.run(["verify", "--format", "json"])
        #expect(verify.exitCode == 1, "\(verify)")
        let unreadable = try verify.json()["unreadable_rows"]?.arrayValue?.compactMap { $0["entry"]?.stringValue }
        #expect(unreadable == ["e2", "t2"], "\(verify)")
        let verifyText = try await workspace.run(["verify"])
        #expect(verifyText.stdout.contains("t2 (training_runs row 2): training_runs.config_json"), "\(verifyText)")
        #expect(!verifyText.stdout.contains("Everything is fine."), "\(verifyText)")

        let models = try await workspace.run(["models", "--format", "json"])
        #expect(models.exitCode == 0, "\(models)")
        let modelIDs = try models.json().arrayValue?.compactMap { $0["model_id"]?.stringValue } ?? []
        #expect(modelIDs.contains("ft-alpha-1") && modelIDs.contains("ft-beta") && !modelIDs.contains("ft-alpha-2"))
        #expect(models.stderr.contains("skipped 1 damaged entry that cannot be read (t2)"), "\(models)")
        #expect(models.stderr.contains("mocache verify"), "\(models)")

        let evals = try await workspace.run(["evals"])
        #expect(evals.exitCode == 0 && evals.stderr.contains("(e2)"), "\(evals)")

        let export = try await workspace.run(["export"])
        #expect(export.exitCode == 0, "\(export)")
        #expect(export.stderr.contains("skipped 2 damaged entries that cannot be read (e2 t2)"), "\(export)")
        let records = try export.lines.filter { !$0.isEmpty }.map { try JSONValue(parsing: $0) }
        let runs = records.filter { $0["kind"] == "training_run" }.compactMap { $0["model_id"]?.stringValue }
        #expect(runs.sorted() == ["ft-alpha-1", "ft-beta"], "\(export)")
        #expect(records.filter { $0["kind"] == "eval_result" }.count == 2, "\(export)")
    }
}
