import Foundation
import MOCache
import Testing

/// `mocache import` is one transaction: when the store refuses a record late in the file, the store is
/// exactly as it was before, with none of the file's earlier records written.
@Suite("Import: all or nothing")
struct ImportTransactionTests {
    /// The `sqlite3` shell's dump of a database: everything it holds, as text.
    static func dump(_ path: String) async throws -> String {
        let result = try await runProcess(executable: "/usr/bin/sqlite3", arguments: [path, ".dump"], timeout: 60)
        #expect(result.exitCode == 0, "\(result)")
        return result.stdout
    }

    @Test("SQLite: a record the store refuses after others were accepted leaves the store as it was")
    func sqliteRefusalWritesNothing() async throws {
        let source = try CLIWorkspace()
        try await source.seed()
        let everything = try await source.run(["export"])
        #expect(everything.exitCode == 0, "\(everything)")
        let file = try source.write("all.jsonl", everything.stdout)
        let some = try source.write("dpo.jsonl", try await source.run(["export", "--backend", "process:dpo"]).stdout)

        let target = try CLIWorkspace()
        let first = try await target.run(["import", some])
        #expect(first.exitCode == 0, "\(first)")
        // A store-level refusal the file's checks cannot see: a trigger on the eval results, which come
        // after the training runs in an export.
        let trigger = try await runProcess(
            executable: "/usr/bin/sqlite3",
            arguments: [
                target.db,
                """
                CREATE TRIGGER refuse_gsm8k BEFORE INSERT ON eval_results WHEN NEW.task = 'gsm8k'
                BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
                """,
            ], timeout: 60)
        #expect(trigger.exitCode == 0, "\(trigger)")
        let before = try await Self.dump(target.db)

        let refused = try await target.run(["import", file])
        #expect(refused.exitCode != 0, "\(refused)")
        #expect(refused.stderr.contains("refused by the test"), "\(refused)")
        #expect(try await Self.dump(target.db) == before)
    }
}
