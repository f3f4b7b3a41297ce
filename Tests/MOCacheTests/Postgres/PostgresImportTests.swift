import Foundation
import MOCache
import Testing

@testable import MOCachePostgres

/// `mocache import` on PostgreSQL is one transaction: a record the server refuses late in the file
/// leaves the store exactly as it was.
@Suite("Import on PostgreSQL: all or nothing")
struct PostgresImportTests {
    @Test func aRecordTheServerRefusesLeavesTheStoreAsItWas() async throws {
        let setup = try await PostgresCLITests.Setup()
        let source = try CLIWorkspace()
        try await source.seed()
        let file = try source.write("all.jsonl", try await source.run(["export"]).stdout)
        let some = try source.write("dpo.jsonl", try await source.run(["export", "--backend", "process:dpo"]).stdout)
        let first = try await setup.run(["import", some])
        #expect(first.exitCode == 0, "\(first)")
        // A refusal the file's checks cannot see: a trigger on the eval results, which come after the
        // training runs in an export.
        try await PostgresTestServer.execute(
            """
            CREATE FUNCTION mocache.refuse_gsm8k() RETURNS trigger LANGUAGE plpgsql
            AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$
            """, on: setup.location)
        try await PostgresTestServer.execute(
            """
            CREATE TRIGGER refuse_gsm8k BEFORE INSERT ON mocache.eval_results FOR EACH ROW
            WHEN (NEW.task = 'gsm8k') EXECUTE FUNCTION mocache.refuse_gsm8k()
            """, on: setup.location)
        let before = try await setup.run(["export"])
        let beforeStats = try await setup.run(["stats", "--format", "json"])

        let refused = try await setup.run(["import", file])
        #expect(refused.exitCode != 0, "\(refused)")
        #expect(refused.stderr.contains("refused by the test"), "\(refused)")
        #expect(try await setup.run(["export"]).stdout == before.stdout)
        let afterStats = try await setup.run(["stats", "--format", "json"])
        #expect(try afterStats.json()["entries"] == beforeStats.json()["entries"])
        #expect(try afterStats.json()["dataset_uploads"] == beforeStats.json()["dataset_uploads"])
    }
}
