import Foundation
import MOCache
import Testing

/// Text from the store is shown with its control characters escaped in the text format (a model id
/// cannot clear the terminal or break a table), and kept as it is in JSON (issue 10, item 16).
@Suite("mocache: control characters in text output")
struct CLITerminalEscapeTests {
    /// A model id, a backend id and a task with a colour escape, a title escape and a newline, written with
    /// the sqlite3 shell (mocache itself refuses such names where they enter).
    static func hostile(_ workspace: CLIWorkspace) async throws {
        let sql = """
            UPDATE training_runs SET model_id = 'ft' || char(27) || '[31mred' || char(10) || 'line'
                WHERE model_id = 'ft-alpha-1';
            UPDATE training_runs SET backend = 'process:' || char(27) || ']0;title' || char(7) WHERE model_id = 'ft-beta';
            UPDATE eval_results SET task = 'mm' || char(27) || '[2Jlu' WHERE model_id = 'ft-alpha-2';
            """
        let result = try await runProcess(executable: "/usr/bin/sqlite3", arguments: [workspace.db, sql], timeout: 60)
        #expect(result.exitCode == 0, "\(result)")
    }

    @Test("models, show, evals, datasets and why-miss escape control characters; JSON keeps them")
    func escaped() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        try await Self.hostile(workspace)
        let modelsJSON = try await workspace.run(["models", "--format", "json"]).json()
        let raw = "ft\u{1B}[31mred\nline"
        #expect(modelsJSON.arrayValue?.contains { $0["model_id"]?.stringValue == raw } == true, "\(modelsJSON)")
        let shown = "ft\\x1B[31mred\\nline"
        for arguments in [["models"], ["show", "t1"], ["evals"], ["datasets"], ["stats"]] {
            let result = try await workspace.run(arguments)
            #expect(result.exitCode == 0, "\(arguments): \(result)")
            #expect(
                !result.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(arguments): \(result)")
        }
        let models = try await workspace.run(["models"])
        #expect(models.stdout.contains(shown), "\(models)")
        #expect(models.stdout.contains("process:\\x1B]0;title\\x07"), "\(models)")
        #expect(!models.lines.contains { $0.hasPrefix("line") }, "a newline in a model id broke the table: \(models)")
        let show = try await workspace.run(["show", "t1"])
        #expect(show.stdout.contains(shown), "\(show)")
        let evals = try await workspace.run(["evals"])
        #expect(evals.stdout.contains("mm\\x1B[2Jlu"), "\(evals)")
        let whyMiss = try await workspace.run([
            "why-miss", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", workspace.config,
        ])
        #expect(!whyMiss.stdout.unicodeScalars.contains { $0 == "\u{1B}" }, "\(whyMiss)")
        #expect(whyMiss.stdout.contains(shown), "\(whyMiss)")
    }
}
