import Foundation
import GRDB
import MOCache
import MOCacheCLI
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built `mocache` binary against databases that are missing, not databases, too new or read-only.
@Suite("mocache: database errors")
struct CLIErrorTests {
    /// Commands that only look: they must never create a file or a folder.
    static let inspections: [[String]] = [
        ["stats"], ["models"], ["evals"], ["evals", "--metric", "accuracy"], ["show", "t1"], ["datasets"],
        ["export"], ["verify"], ["rm", "t1"], ["rm", "--dry-run", "t1"], ["prune", "--failed"], ["vacuum"],
    ]

    @Test("a missing database is an error naming the path, and nothing is created", arguments: inspections)
    func missingDatabase(arguments: [String]) async throws {
        let workspace = try CLIWorkspace()
        let db = workspace.folder.path("sub/dir/cache.sqlite")
        let result = try await workspace.run([arguments[0], "--db", db] + arguments.dropFirst(), db: false)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("No mocache database at \(db)"), "\(result)")
        #expect(!fileExists(workspace.folder.path("sub")), "a folder was created")
    }

    @Test("why-miss on a missing database: the same error, nothing created")
    func whyMissMissing() async throws {
        let workspace = try CLIWorkspace()
        let result = try await workspace.run(
            ["why-miss", "--backend", "b", "--dataset", workspace.dataset, "--config", workspace.config])
        #expect(result.exitCode == 1 && result.stderr.contains("No mocache database at \(workspace.db)"), "\(result)")
        #expect(!fileExists(workspace.db))
    }

    @Test("errors in JSON format are a JSON object on stderr with a stable code")
    func jsonErrors() async throws {
        let workspace = try CLIWorkspace()
        let result = try await workspace.run(["stats", "--format", "json"])
        #expect(result.exitCode == 1)
        let error = try JSONValue(parsing: result.stderr)
        #expect(error["error"]?["code"] == "database_missing")
        #expect(error["error"]?["path"] == .string(workspace.db))
        #expect(error["error"]?["message"]?.stringValue?.hasPrefix("No mocache database at") == true)
    }

    @Test("the library's message says what to do in its terms; the CLI's hint names the flag or the command")
    func hints() async throws {
        let workspace = try CLIWorkspace()
        let missing = try await workspace.run(["stats"])
        let lines = missing.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(missing)")
        #expect(lines.first?.hasPrefix("error: No mocache database at \(workspace.db).") == true, "\(missing)")
        #expect(lines.first?.contains("--db") == false && lines.first?.contains("`mocache") == false)
        #expect(
            lines.last
                == "hint: `mocache train`, `mocache eval` or `mocache demo` create the database; or point --db or "
                + "MOCACHE_DB at an existing one.")
        let json = try JSONValue(parsing: try await workspace.run(["stats", "--format", "json"]).stderr)
        #expect(json["error"]?["hint"]?.stringValue?.contains("--db or MOCACHE_DB") == true, "\(json)")
        #expect(json["error"]?["message"]?.stringValue?.contains("--db") == false)

        try Data("not a database at all\n".utf8).write(to: URL(fileURLWithPath: workspace.db))
        let wrongFile = try await workspace.run(["models"])
        #expect(
            wrongFile.stderr.hasSuffix("\nhint: choose another database with --db or MOCACHE_DB.\n"), "\(wrongFile)")

    }

    @Test(
        "a file that is not a database is refused, byte for byte untouched",
        arguments: [["stats"], ["models"], ["import", "-"]])
    func notADatabase(arguments: [String]) async throws {
        let workspace = try CLIWorkspace()
        let bytes = Data("this is not a database, just text\n".utf8) + Data(repeating: 7, count: 5000)
        try bytes.write(to: URL(fileURLWithPath: workspace.db))
        let result = try await workspace.run(arguments, stdin: Data())
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("is not a mocache database"), "\(result)")
        #expect(try fileBytes(workspace.db) == bytes)
    }

    @Test("a database from a newer mocache exits 3, names both versions and is not modified")
    func schemaTooNew() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        try withRawDatabase(workspace.db) { db in try db.execute(sql: "PRAGMA user_version = 99") }
        let before = try fileBytes(workspace.db)
        for arguments in [["stats"], ["models", "--format", "json"], ["train", "--backend", "x"]] {
            let full =
                arguments[0] == "train"
                ? [
                    "train", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", workspace.config,
                    "--", "/bin/sh", workspace.trainScript,
                ]
                : arguments
            let result = try await workspace.run(full)
            #expect(result.exitCode == 3, "\(result)")
            #expect(
                result.stderr.contains("99") && result.stderr.contains("\(SQLiteCacheBackend.supportedSchemaVersion)"))
        }
        let json = try await workspace.run(["stats", "--format", "json"])
        #expect(try JSONValue(parsing: json.stderr)["error"]?["code"] == "schema_too_new")
        #expect(try fileBytes(workspace.db) == before)
        #expect(workspace.trainCalls == 0)
    }

    @Test("a read-only database in a read-only folder: inspection works, recording is a clear error")
    func readOnly() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let folder = workspace.folder.path("ro")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let db = folder + "/cache.sqlite"
        try FileManager.default.copyItem(atPath: workspace.db, toPath: db)
        chmod(db, 0o444)
        chmod(folder, 0o555)
        let before = try fileBytes(db)
        for arguments in [
            ["stats"], ["models", "--format", "json"], ["show", "ft-alpha-1"], ["evals", "--metric", "accuracy"],
            ["verify"],
        ] {
            let result = try await workspace.run(
                [arguments[0], "--db", db] + arguments.dropFirst(), db: false, asNobody: true)
            #expect(result.exitCode == 0, "\(arguments): \(result)")
        }
        let train = try await workspace.run(
            [
                "train", "--db", db, "--backend", "process:sft", "--dataset", workspace.dataset, "--config",
                workspace.config,
                "--", "/bin/sh", workspace.trainScript,
            ], db: false, asNobody: true)
        #expect(train.exitCode == 1, "\(train)")
        #expect(train.stderr.contains("cannot be written") || train.stderr.contains("ermission denied"), "\(train)")
        let rm = try await workspace.run(["rm", "--db", db, "t1"], db: false, asNobody: true)
        #expect(rm.exitCode == 1, "\(rm)")
        #expect(try fileBytes(db) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["cache.sqlite"])
    }
}
