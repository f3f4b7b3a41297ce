import Foundation
import GRDB
import MOCache
import Testing

extension Faults {
    /// Databases to refuse or report, in states `SQLiteOpenTests` does not make: a newer schema that
    /// is still in the write-ahead log, and damage in a file too large for the check made at opening.
    @Suite("refused and damaged files")
    struct RefusedFiles {
        enum NewerWriter: String, CaseIterable, Sendable {
            /// A newer mocache has the database open: its migration is in the -wal and -shm files.
            case stillOpen = "still open"
            /// A newer mocache was killed: its migration is in the -wal file only, and the next
            /// connection must rebuild the -shm index to see it.
            case killed
        }

        @Test(arguments: NewerWriter.allCases)
        func aNewerSchemaStillInTheWriteAheadLogIsRefusedAndNothingChanges(_ writer: NewerWriter) async throws {
            let folder = try TemporaryDirectory()
            let origin = folder.path("origin/cache.sqlite")
            let store = try await SQLiteCacheBackend(path: origin, logger: StoreFixture.quiet)
            try await StoreFixture.trained(store, StoreFixture.trainingKey(), model: "model-v2")
            try await store.close()

            // The newer mocache migrates to version 3 and keeps its connection, never checkpointing.
            var configuration = Configuration()
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
            let newer = try DatabaseQueue(path: origin, configuration: configuration)
            try await newer.write { db in
                try db.execute(sql: "CREATE TABLE future_things (id INTEGER PRIMARY KEY) STRICT")
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('0003_future')")
                try db.execute(sql: "PRAGMA user_version = 3")
            }
            var path = origin
            if writer == .killed {
                // A copy of its files as a kill would leave them, without the -shm index.
                path = folder.path("copy/cache.sqlite")
                try FileManager.default.createDirectory(atPath: folder.path("copy"), withIntermediateDirectories: true)
                for suffix in ["", "-wal"] {
                    try FileManager.default.copyItem(atPath: origin + suffix, toPath: path + suffix)
                }
                try newer.close()
            }
            #expect(try fileBytes(path + "-wal").count > 0, "the migration is not in the write-ahead log")
            let before = try [fileBytes(path), fileBytes(path + "-wal")]

            for command in ["open-store", "inspect-store"] {
                let result = try await runProcess(executable: testWorker, arguments: [command, path], timeout: 120)
                #expect(result.exitCode == 1, "\(command): \(result)")
                #expect(result.mocacheErrorCode == "schema_too_new", "\(command): \(result)")
                #expect(result.stderr.contains("version 3"), "\(command): \(result.stderr)")
            }
            #expect(try [fileBytes(path), fileBytes(path + "-wal")] == before, "the refused database changed")
            if writer == .stillOpen {
                // The newer process goes on as if nothing happened.
                try await newer.write { db in try db.execute(sql: "INSERT INTO future_things DEFAULT VALUES") }
                try newer.close()
            }
        }

        /// Files above `SQLiteDatabaseOpener.quickCheckLimit` (32 MiB) are not read in full when opened:
        /// damage in them shows when a query reaches it. That must be a clear error naming the file, the
        /// store's verification must report it, and the file must stay as it was.
        @Test(arguments: [SQLiteCacheBackend.Access.readOnly, .readWrite])
        func damageInALargeDatabaseIsAClearErrorWhenReachedAndTheFileIsUnchanged(
            _ access: SQLiteCacheBackend.Access
        ) async throws {
            let folder = try TemporaryDirectory()
            let path = folder.path("cache.sqlite")
            try await Self.makeLargeDatabase(path)
            let page = try withRawDatabase(path, readOnly: true) { db throws -> Int in
                // A leaf page of training_runs in the middle of the table.
                let pages = try Int.fetchAll(
                    db,
                    sql: """
                        SELECT pageno FROM dbstat WHERE name = 'training_runs' AND pagetype = 'leaf'
                        ORDER BY pageno
                        """)
                return pages[pages.count / 2]
            }
            try RefusedFiles.scramble(path, page: page)
            let before = try fileBytes(path)
            #expect(before.count > 33 << 20)

            // Opening does not read every page of so large a file, so it succeeds.
            let store = try await SQLiteCacheBackend(path: path, access: access, logger: StoreFixture.quiet)
            let error = await #expect(throws: MOCacheError.self) {
                try await store.trainingRuns(matching: TrainingRunFilter(backendID: "big"))
            }
            #expect(error?.code == .notADatabase, "\(String(describing: error))")
            #expect(error?.message.contains(path) == true, "\(String(describing: error))")
            // Verification reports the damage rather than failing on it.
            do {
                let report = try await store.verify()
                #expect(!report.isHealthy && !report.integrityProblems.isEmpty, "\(report)")
            } catch {
                Issue.record("verify() threw instead of reporting the damage: \(error)")
            }
            // An undamaged entry still reads.
            let key = TrainingKey(
                backendID: "big", datasetHash: StoreFixture.hash("b19"), configHash: StoreFixture.hash(number: 1))
            #expect(try await store.trainingRun(for: key)?.modelID == "big-1")
            try await store.close()

            // Compared as one Bool: a failed comparison of two 40 MiB values would print both.
            let unchanged = try fileBytes(path) == before
            if access == .readOnly {
                #expect(unchanged, "the damaged file changed")
            } else {
                // GRDB's DatabasePool, opening a file whose -wal is missing or empty for writing, creates
                // and drops a table (its "issue 102" set-up), which the checkpoint on close copies into the
                // file: a new schema cookie, one more page, a free page. Harmless on a sound file; on a
                // damaged one, a write into a file the issue wants left untouched.
                withKnownIssue("opening for writing changes a damaged file too large to be checked") {
                    #expect(unchanged, "the damaged file changed")
                }
            }
            #expect(try await sqliteIntegrityCheck(path).contains("Page \(page)"), "the damage moved")
        }

        /// A database of ~42 MiB: 9,000 succeeded training runs with 4 KB configs, checkpointed, alone.
        static func makeLargeDatabase(_ path: String) async throws {
            let store = try await SQLiteCacheBackend(path: path, logger: StoreFixture.quiet)
            try await store.close()
            try withRawDatabase(path) { db throws in
                try db.inTransaction {
                    try db.execute(
                        sql: """
                            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9000)
                            INSERT INTO training_runs (
                                backend, dataset_hash, config_hash, config_json, status, model_id, created_at,
                                started_at, finished_at)
                            SELECT 'big', ?, printf('%064x', i), json_object('i', i, 'pad', printf('%.4000c', 'x')),
                                'succeeded', 'big-' || i, ?, ?, ?
                            FROM n
                            """,
                        arguments: [
                            StoreFixture.hash("b19"), "2025-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z",
                            "2025-01-01T00:01:00.000Z",
                        ])
                    return .commit
                }
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
            for suffix in ["-wal", "-shm", ".lock"] { unlink(path + suffix) }
        }

        /// Overwrites page `page` (numbered from 1, 4096 bytes) with a pattern that is no b-tree page.
        static func scramble(_ path: String, page: Int) throws {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64((page - 1) * 4096))
            try handle.write(contentsOf: Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }))
        }
    }
}
