import Foundation
import MOCache
import Testing

@testable import MOCachePostgres

/// `mocache copy` between a SQLite file and a PostgreSQL server, in both directions, as users run it.
@Suite("mocache copy", .serialized) struct PostgresCopyTests {
    /// The export lines of a SQLite store, sorted: what a copy must carry over.
    static func exported(_ workspace: CLIWorkspace, _ db: String) async throws -> [String] {
        let result = try await workspace.run(["export", "--db", db], db: false)
        #expect(result.exitCode == 0, "\(result)")
        return result.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test("SQLite -> PostgreSQL -> SQLite: every succeeded entry and upload arrives unchanged, the password unseen")
    func roundTripKeepsEverything() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let location = try await PostgresTestServer.shared.freshLocation()
        // The password as the URL spells it (percent-encoded): neither spelling may be printed.
        let raw = try #require(location.password?.text)
        let password = try #require(raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let server = PostgresTestServer.url(location)
        #expect(server.contains(":\(password)@"))
        func unseen(_ result: ProcessResult) -> Bool {
            [raw, password].allSatisfy { !result.stdout.contains($0) && !result.stderr.contains($0) }
        }
        let back = workspace.folder.path("back.sqlite")

        let there = try await workspace.run(
            ["copy", "--from", workspace.db, "--to", server], db: false, limited: false)
        #expect(there.exitCode == 0, "\(there)")
        #expect(unseen(there), "\(there)")
        #expect(there.stderr.contains("Copied from \(workspace.db) to postgresql://"), "\(there)")
        let table = there.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(table.contains("training runs 3 0 0 0"), "\(there)")
        #expect(table.contains("eval results 3 0 0 0"), "\(there)")
        #expect(table.contains("dataset uploads 1 0 0 0"), "\(there)")

        let again = try await workspace.run(
            ["copy", "--from", workspace.db, "--to", server, "--format", "json"], db: false, limited: false)
        #expect(again.exitCode == 0, "\(again)")
        let json = try again.json()
        #expect(json["training_runs"]?["unchanged"] == 3 && json["training_runs"]?["inserted"] == 0, "\(again)")
        #expect(json["eval_results"]?["unchanged"] == 3, "\(again)")
        #expect(json["dataset_uploads"]?["unchanged"] == 1, "\(again)")
        #expect(unseen(again), "\(again)")

        let home = try await workspace.run(["copy", "--from", server, "--to", back], db: false, limited: false)
        #expect(home.exitCode == 0, "\(home)")
        #expect(unseen(home), "\(home)")
        let original = try await Self.exported(workspace, workspace.db)
        #expect(original.count == 7)
        #expect(try await Self.exported(workspace, back) == original)
    }

    @Test("a different result under the same key is a conflict: kept and exit 1, replaced with --overwrite")
    func conflictsAreReportedAndKeptUnlessOverwrite() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let server = PostgresTestServer.url(try await PostgresTestServer.shared.freshLocation())
        // The destination holds ft-alpha-1's key with another model id.
        let lines = try await Self.exported(workspace, workspace.db)
        let theirs = lines.map { $0.replacingOccurrences(of: "\"ft-alpha-1\"", with: "\"ft-retrained\"") }
        let file = try workspace.write(
            "theirs.jsonl", theirs.filter { $0.contains("ft-retrained") }.joined(separator: "\n"))
        let seeded = try await workspace.run(
            ["import", "--db", server, file], db: false, limited: false)
        #expect(seeded.exitCode == 0, "\(seeded)")

        let kept = try await workspace.run(["copy", "--from", workspace.db, "--to", server], db: false, limited: false)
        #expect(kept.exitCode == 1, "\(kept)")
        #expect(kept.stdout.contains("stored ft-retrained, file ft-alpha-1 (kept; --overwrite replaces it)"), "\(kept)")
        let models = try await workspace.run(["models", "--db", server, "--format", "json"], db: false, limited: false)
        #expect(models.stdout.contains("ft-retrained") && models.stdout.contains("ft-alpha-2"), "\(models)")

        let replaced = try await workspace.run(
            ["copy", "--from", workspace.db, "--to", server, "--overwrite", "--format", "json"], db: false,
            limited: false)
        #expect(replaced.exitCode == 0, "\(replaced)")
        let json = try replaced.json()
        #expect(json["training_runs"]?["replaced"] == 1, "\(replaced)")
        guard case .array(let conflicts)? = json["conflicts"] else {
            Issue.record("no conflicts in \(replaced)")
            return
        }
        #expect(conflicts.count == 1 && conflicts.first?["overwritten"] == true, "\(replaced)")
        let after = try await workspace.run(["models", "--db", server, "--format", "json"], db: false, limited: false)
        #expect(!after.stdout.contains("ft-retrained") && after.stdout.contains("ft-alpha-1"), "\(after)")
    }

    @Test("a bad URL, a missing source, the same store twice: clear errors, the password unseen, nothing created")
    func badInputIsRefused() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let secret = "Sup3rS3cret\(UInt32.random(in: 0...UInt32.max))"
        let badURL = try await workspace.run(
            ["copy", "--from", workspace.db, "--to", "postgresql://postgres:\(secret)@127.0.0.1:port/db"], db: false)
        #expect(badURL.exitCode == 1 && badURL.stderr.contains("not a PostgreSQL URL"), "\(badURL)")
        #expect(!badURL.stdout.contains(secret) && !badURL.stderr.contains(secret), "\(badURL)")

        let missing = workspace.folder.path("missing.sqlite")
        let noSource = try await workspace.run(
            ["copy", "--from", missing, "--to", workspace.folder.path("new.sqlite")], db: false)
        #expect(noSource.exitCode != 0 && noSource.stderr.contains(missing), "\(noSource)")
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(!FileManager.default.fileExists(atPath: workspace.folder.path("new.sqlite")))

        let same = try await workspace.run(["copy", "--from", workspace.db, "--to", workspace.db], db: false)
        #expect(same.exitCode == 1 && same.stderr.contains("the same store"), "\(same)")
    }
}
