import Foundation
import MOCache
import MOCacheCLI
import Testing

/// The built `mocache` binary: help, usage errors, and the commands that need no database.
@Suite("mocache: usage, path, canonical, hash")
struct CLIUsageTests {
    @Test("--help documents the commands and the exit statuses")
    func help() async throws {
        let workspace = try CLIWorkspace()
        let result = try await workspace.run(["--help"], db: false)
        #expect(result.exitCode == 0, "\(result)")
        for text in [
            "EXIT STATUS", "64   usage error", "3    the database was written by a newer mocache", "why-miss", "demo",
        ] {
            #expect(result.stdout.contains(text), "\(text)")
        }
        let unknown = try await workspace.run(["bogus"], db: false)
        #expect(unknown.exitCode == 64 && unknown.stderr.contains("Unexpected argument 'bogus'"), "\(unknown)")
        let sub = try await workspace.run(["prune", "--help"], db: false)
        #expect(
            sub.exitCode == 0 && sub.stdout.contains("--older-than <span>") && sub.stdout.contains("--db <path-or-url>")
        )
        // --db names both kinds of store, not only a file.
        let flattened = sub.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flattened.contains("a SQLite file, or a PostgreSQL server as postgresql://"), "\(sub.stdout)")
    }

    @Test(
        "usage errors exit 64 and say what is wrong on stderr",
        arguments: [
            (["models", "--bogus"], "Unknown option '--bogus'"),
            (["models", "--limit=-1"], "--limit must be 0 or more"),
            (["models", "--status", "done"], "done"),
            (["models", "--since", "yesterday"], "yesterday"),
            (["prune"], "Say what to prune"),
            (["train", "--backend", "b", "--dataset", "d", "--config", "c"], "Give the command to run after --"),
            (["eval", "--backend", "b", "--model", "m", "--", "true"], "Give at least one --task"),
            (["why-miss", "--backend", "b", "--config", "c"], "Give either --dataset or --dataset-hash"),
            (
                ["train", "--backend", "b", "--dataset", "d", "--config", "c", "--policy", "sometimes", "--", "x"],
                "sometimes"
            ),
        ])
    func usageErrors(arguments: [String], message: String) async throws {
        let result = try await CLIWorkspace().run(arguments)
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains(message), "\(result)")
        #expect(result.stdout.isEmpty)
    }

    @Test("path: --db, MOCACHE_DB, else .mocache/cache.sqlite in the current folder; json says whether it exists")
    func path() async throws {
        let workspace = try CLIWorkspace()
        let explicit = try await workspace.run(["path"])
        #expect(explicit.exitCode == 0 && explicit.stdout == workspace.db + "\n", "\(explicit)")
        let environment = try await workspace.run(["path"], db: false, environment: ["MOCACHE_DB": workspace.dataset])
        #expect(environment.stdout == workspace.dataset + "\n")
        let relative = try await runProcess(
            executable: "/bin/sh",
            arguments: ["-c", "cd '\(workspace.folder.path)' && exec '\(mocacheBinary)' path && exec true"],
            environment: ["MOCACHE_DB": ""])
        #expect(relative.stdout == workspace.folder.path(".mocache/cache.sqlite") + "\n", "\(relative)")
        let json = try await workspace.run(["path", "--format", "json"]).json()
        #expect(json == ["path": .string(workspace.db), "exists": false])
        #expect(!fileExists(workspace.db))
    }

    @Test("canonical: a file or standard input, the canonical text or its hash, in both formats")
    func canonical() async throws {
        let workspace = try CLIWorkspace()
        let file = try workspace.write("config.json", #"{"b": [1, 2.0e0, "é\u00e9"], "a": {"x": 1e-7, "y": 1E21}}"#)
        let canonical = #"{"a":{"x":1e-7,"y":1e+21},"b":[1,2,"éé"]}"#
        let text = try await workspace.run(["canonical", file])
        #expect(text.exitCode == 0 && text.stdout == canonical + "\n", "\(text)")
        let stdin = try await workspace.run(["canonical", "-"], stdin: Data(try fileBytes(file)))
        #expect(stdin.stdout == canonical + "\n")
        let hash = try await workspace.run(["canonical", "--hash", file])
        let expected = DatasetHasher.hash(bytes: Data(canonical.utf8))
        #expect(hash.stdout == expected + "\n")
        let json = try await workspace.run(["canonical", file, "--format", "json"]).json()
        #expect(json == ["canonical": .string(canonical), "sha256": .string(expected)])
        #expect(!fileExists(workspace.db))
    }

    @Test("canonical: a document with no canonical form is an error naming the JSON path, in both formats")
    func canonicalErrors() async throws {
        let workspace = try CLIWorkspace()
        let file = try workspace.write("bad.json", #"{"hyperparameters": {"lr": [0.1, 1e400]}}"#)
        let text = try await workspace.run(["canonical", file])
        #expect(text.exitCode == 1, "\(text)")
        #expect(text.stdout.isEmpty)
        #expect(text.stderr.contains("bad.json: The JSON value at $.hyperparameters.lr[1] cannot be canonicalized"))
        let json = try await workspace.run(["canonical", file, "--format", "json"])
        let error = try JSONValue(parsing: json.stderr)
        #expect(error["error"]?["code"] == "invalid_config")
        #expect(error["error"]?["message"]?.stringValue?.contains("$.hyperparameters.lr[1]") == true)
        let duplicate = try await workspace.run(["canonical", "-"], stdin: Data(#"{"a": 1, "a": 2}"#.utf8))
        #expect(duplicate.exitCode == 1 && duplicate.stderr.contains("standard input: The JSON value at $.a"))
        let missing = try await workspace.run(["canonical", workspace.folder.path("nope.json")])
        #expect(missing.exitCode == 1 && missing.stderr.contains("nope.json does not exist"))
    }

    @Test("hash: HASH  PATH like sha256sum; a missing file fails alone; no database is created")
    func hashWithoutDatabase() async throws {
        let workspace = try CLIWorkspace()
        let expected = try await DatasetHasher.hash(fileAt: workspace.dataset)
        let result = try await workspace.run([
            "hash", workspace.dataset, workspace.folder.path("nope"), workspace.config,
        ])
        #expect(result.exitCode == 1, "\(result)")
        let configHash = try await DatasetHasher.hash(fileAt: workspace.config)
        #expect(result.stdout == "\(expected)  \(workspace.dataset)\n\(configHash)  \(workspace.config)\n")
        #expect(result.stderr.contains("nope cannot be read"))
        let sha256sum = try await runProcess(executable: "/usr/bin/sha256sum", arguments: [workspace.dataset])
        #expect(sha256sum.stdout == result.lines[0] + "\n")
        let json = try await workspace.run(["hash", workspace.dataset, "--format", "json"]).json()
        #expect(json == [["path": .string(workspace.dataset), "sha256": .string(expected)]])
        #expect(!fileExists(workspace.db))
    }

    @Test("hash: fills the memo of an existing database, then serves from it")
    func hashWithMemo() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let file = try workspace.write("big.jsonl", String(repeating: "{\"x\": 1}\n", count: 1000))
        // Old enough for the memo (a file modified within 2 s is never memoized).
        let modified = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 60).rounded())
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file)
        let first = try await workspace.run(["hash", file])
        #expect(first.exitCode == 0, "\(first)")
        let datasets = try await workspace.run(["datasets", "--format", "json"]).json()
        let files = datasets.arrayValue?.flatMap { $0["files"]?.arrayValue ?? [] }.compactMap {
            $0["path"]?.stringValue
        }
        #expect(files?.contains(file) == true, "\(datasets)")
        // Proof that the memo serves it: change the bytes in place, keeping size, inode and time.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.write(contentsOf: Data("{\"x\": 2}".utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file)
        let second = try await workspace.run(["hash", file])
        #expect(second.stdout == first.stdout, "served from the memo without reading the file")
        let noMemo = try await workspace.run(["hash", "--no-memo", file])
        #expect(noMemo.exitCode == 0 && noMemo.stdout != first.stdout, "read again: the new bytes")
    }
}
