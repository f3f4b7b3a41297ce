import Foundation
import GRDB
import MOCache
import MOCacheCLI
import Testing

/// The built `mocache` binary's commands that change or check the store: rm, prune, export, import,
/// verify, vacuum.
@Suite("mocache: rm, prune, export, import, verify, vacuum")
struct CLIUpkeepTests {
    static func seeded() async throws -> CLIWorkspace {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        return workspace
    }

    static func ids(_ workspace: CLIWorkspace, _ command: String) async throws -> [String] {
        try await workspace.run([command, "--format", "json"]).json().arrayValue?.compactMap { $0["id"]?.stringValue }
            ?? []
    }

    @Test("rm: by id, model id and prefix; --dry-run removes nothing; json")
    func remove() async throws {
        let workspace = try await Self.seeded()
        let dry = try await workspace.run(["rm", "--dry-run", "t4", "e4"])
        #expect(dry.exitCode == 0, "\(dry)")
        #expect(dry.lines[0].hasPrefix("would remove t4 process:sft model - "))
        #expect(dry.lines[1].hasPrefix("would remove e4 process:harness ft-beta task mmlu"))
        #expect(dry.stderr.contains("Would remove 2 entries."))
        #expect(try await Self.ids(workspace, "models").count == 4)
        let removed = try await workspace.run(["rm", "t4", "ft-bet", "e4", "--format", "json"]).json()
        #expect(removed["dry_run"] == false)
        #expect(removed["removed"]?.arrayValue?.map { $0["id"] } == ["t4", "t3", "e4"])
        #expect(try await Self.ids(workspace, "models") == ["t2", "t1"])
        #expect(try await Self.ids(workspace, "evals") == ["e3", "e2", "e1"])
    }

    @Test("rm: one bad reference stops everything, with nothing removed")
    func removeAllOrNothing() async throws {
        let workspace = try await Self.seeded()
        let ambiguous = try await workspace.run(["rm", "t1", "ft-alpha"])
        #expect(ambiguous.exitCode == 1 && ambiguous.stderr.contains("matches 2 entries"), "\(ambiguous)")
        let missing = try await workspace.run(["rm", "t1", "e99"])
        #expect(missing.exitCode == 1 && missing.stderr.contains("\"e99\""), "\(missing)")
        #expect(try await Self.ids(workspace, "models").count == 4)
    }

    @Test("rm: a row whose JSON is damaged can still be removed by its id")
    func removeDamaged() async throws {
        let workspace = try await Self.seeded()
        try withRawDatabase(workspace.db) { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE training_runs SET config_json = '{broken' WHERE id = 2")
        }
        // The listing skips the damaged row and names it (issue 10, item 15).
        let models = try await workspace.run(["models"])
        #expect(models.exitCode == 0, "\(models)")
        #expect(models.stderr.contains("skipped 1 damaged entry that cannot be read (t2)"), "\(models)")
        #expect(!models.stdout.contains("t2 "), "\(models)")
        let show = try await workspace.run(["show", "t2"])
        #expect(
            show.exitCode == 1
                && show.stderr.hasSuffix(
                    "\nhint: `mocache verify` lists the damaged rows; remove them with `mocache rm ID`.\n"),
            "a damaged row is not a wrong file: \(show)")
        let verify = try await workspace.run(["verify"])
        #expect(verify.exitCode == 1 && verify.stdout.contains("training_runs row 2: config_json"), "\(verify)")
        let removed = try await workspace.run(["rm", "t2"])
        #expect(removed.exitCode == 0 && removed.stdout == "removed t2 (unreadable)\n", "\(removed)")
        #expect(try await Self.ids(workspace, "models") == ["t4", "t3", "t1"])
    }

    @Test("prune: failed, old, unused, by backend; --dry-run; nothing in flight")
    func prune() async throws {
        let workspace = try await Self.seeded()
        let dry = try await workspace.run(["prune", "--failed", "--dry-run"])
        #expect(dry.exitCode == 0, "\(dry)")
        #expect(dry.lines.map { String($0.prefix(16)) } == ["would remove t4 ", "would remove e4 ", ""])
        let failed = try await workspace.run(["prune", "--failed", "--format", "json"]).json()
        #expect(failed["removed"]?.arrayValue?.map { $0["id"] } == ["t4", "e4"])
        let none = try await workspace.run(["prune", "--older-than", "30d"])
        #expect(none.exitCode == 0 && none.stdout.isEmpty && none.stderr.contains("Removed 0 entries."))
        let backend = try await workspace.run([
            "prune", "--older-than", "0s", "--backend", "process:dpo", "--format", "json",
        ]).json()
        #expect(backend["removed"]?.arrayValue?.map { $0["id"] } == ["t3"])
        // t1 and e1 were served by the seed, just now: not unused.
        let unused = try await workspace.run(["prune", "--unused-for", "0s", "--format", "json", "--dry-run"]).json()
        let unusedIDs = unused["removed"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(unusedIDs == ["t1", "t2", "e1", "e2", "e3"])
    }

    @Test("export and import: a copy of the succeeded entries; importing again changes nothing")
    func exportImport() async throws {
        let source = try await Self.seeded()
        let export = try await source.run(["export"])
        #expect(export.exitCode == 0, "\(export)")
        #expect(export.lines.count == 8, "3 runs, 3 evals, 1 upload and the last newline")
        #expect(export.stderr.contains("Exported 3 training runs, 3 eval results and 1 dataset upload."))
        for line in export.lines.dropLast() {
            let record = try JSONValue(parsing: line)
            #expect(record["version"] == 1 && record["kind"] != nil)
        }
        let file = try source.write("export.jsonl", export.stdout)

        let target = try CLIWorkspace()
        let first = try await target.run(["import", file])
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.lines[1].hasPrefix("training runs      3          0         0          0"), "\(first)")
        let second = try await target.run(["import", file, "--format", "json"]).json()
        #expect(second["training_runs"] == ["inserted": 0, "unchanged": 3, "replaced": 0, "conflicts": 0])
        #expect(second["eval_results"] == ["inserted": 0, "unchanged": 3, "replaced": 0, "conflicts": 0])
        #expect(second["dataset_uploads"] == ["inserted": 0, "unchanged": 1, "replaced": 0, "conflicts": 0])
        let copy = try await target.run(["export"])
        #expect(copy.stdout == export.stdout)
        let fromStdin = try await target.run(["import", "-", "--format", "json"], stdin: Data(export.stdout.utf8))
            .json()
        #expect(fromStdin["training_runs"]?["unchanged"] == 3)

        let filtered = try await source.run(["export", "--kind", "eval", "--model", "ft-alpha-1"])
        #expect(filtered.lines.count == 3 && filtered.stdout.contains("\"kind\":\"eval_result\""))
        let output = source.folder.path("out.jsonl")
        let toFile = try await source.run(["export", "--output", output, "--backend", "process:dpo"])
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(toFile.stdout.isEmpty && written.contains("ft-beta"))
    }

    @Test("import: a conflict is reported and kept (exit 1) unless --overwrite; a bad file imports nothing")
    func importConflictsAndErrors() async throws {
        let workspace = try await Self.seeded()
        let export = try await workspace.run(["export", "--kind", "training"]).stdout
        let changed = try workspace.write(
            "theirs.jsonl", export.replacingOccurrences(of: "\"ft-alpha-1\"", with: "\"ft-theirs\""))
        let conflict = try await workspace.run(["import", changed])
        #expect(conflict.exitCode == 1, "\(conflict)")
        #expect(conflict.stdout.contains("conflicts (same key, another result)"))
        #expect(conflict.stdout.contains("t1 training_run process:sft/"))
        #expect(conflict.stdout.contains(": stored ft-alpha-1, file ft-theirs (kept; --overwrite replaces it)"))
        let json = try await workspace.run(["import", changed, "--format", "json"])
        #expect(json.exitCode == 1)
        #expect(
            try json.json()["conflicts"]?.arrayValue?.first?["stored"] == "ft-alpha-1")
        let overwritten = try await workspace.run(["import", changed, "--overwrite"])
        #expect(overwritten.exitCode == 0 && overwritten.stdout.contains("(overwritten)"), "\(overwritten)")
        let show = try await workspace.run(["show", "t1", "--format", "json"]).json()
        #expect(show["entry"]?["model_id"] == "ft-theirs")

        let bad = try workspace.write("bad.jsonl", export + "{\"version\": 1, \"kind\": \"training_run\"}\nnot json\n")
        let before = try await workspace.run(["export"]).stdout
        let refused = try await workspace.run(["import", bad])
        #expect(refused.exitCode == 1, "\(refused)")
        #expect(refused.stderr.contains("bad.jsonl has 2 invalid records; nothing was imported:"))
        #expect(refused.stderr.contains("line 4: $.backend: missing") || refused.stderr.contains("line 4: $."))
        #expect(refused.stderr.contains("line 5: "))
        #expect(try await workspace.run(["export"]).stdout == before)
        let empty = try CLIWorkspace()
        let created = try await empty.run(["import", "-"], stdin: Data())
        #expect(created.exitCode == 0 && fileExists(empty.db), "import creates the database")
    }

    @Test("verify: fine on a sound database; stale memo entries fail it until --fix drops them")
    func verify() async throws {
        let workspace = try await Self.seeded()
        let fine = try await workspace.run(["verify"])
        #expect(fine.exitCode == 0, "\(fine)")
        #expect(fine.stdout.contains("  integrity     ok") && fine.stdout.hasSuffix("Everything is fine.\n"))
        let json = try await workspace.run(["verify", "--format", "json"]).json()
        #expect(json["ok"] == true && json["integrity_problems"] == [] && json["missing_files"] == [])

        try FileManager.default.removeItem(atPath: workspace.dataset)
        let stale = try await workspace.run(["verify"])
        #expect(stale.exitCode == 1, "\(stale)")
        #expect(
            stale.stdout.contains("1 stale entry (--fix drops them)\n")
                && stale.stdout.contains("missing \(workspace.dataset)"))
        #expect(
            try await workspace.run(["verify", "--format", "json"]).json()["missing_files"] == [
                .string(workspace.dataset)
            ])
        let fixed = try await workspace.run(["verify", "--fix", "--format", "json"])
        #expect(fixed.exitCode == 0, "\(fixed)")
        #expect(try fixed.json()["fixed"]?["memo_entries_dropped"] == 1)
        #expect(try await workspace.run(["verify"]).exitCode == 0)
    }

    @Test("vacuum: compacts the file after removals; json sizes")
    func vacuum() async throws {
        let workspace = try await Self.seeded()
        let text = try await workspace.run(["vacuum"])
        #expect(text.exitCode == 0 && text.stdout.hasPrefix("vacuumed \(workspace.db): "), "\(text)")
        let json = try await workspace.run(["vacuum", "--format", "json"]).json()
        #expect(json["path"] == .string(workspace.db))
        #expect((json["size_after"]?.doubleValue ?? 0) > 0)
        #expect(try await workspace.run(["stats"]).exitCode == 0)
    }
}
