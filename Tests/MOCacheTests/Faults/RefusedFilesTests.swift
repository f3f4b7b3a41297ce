import Foundation
import GRDB
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

extension Faults {
    /// Databases to refuse or report, in states `SQLiteOpenTests` does not make: a newer schema that
    /// is still in the write-ahead log, and damage in a file too large for `quick_check` at opening.
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

            // The newer mocache migrates to the next version and keeps its connection, never checkpointing.
            let future = SQLiteCacheBackend.supportedSchemaVersion + 1
            var configuration = Configuration()
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
            let newer = try DatabaseQueue(path: origin, configuration: configuration)
            try await newer.write { db in
                try db.execute(sql: "CREATE TABLE future_things (id INTEGER PRIMARY KEY) STRICT")
                try db.execute(
                    sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)",
                    arguments: [String(format: "%04d_future", future)])
                try db.execute(sql: "PRAGMA user_version = \(future)")
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
                #expect(result.stderr.contains("version \(future)"), "\(command): \(result.stderr)")
            }
            #expect(try [fileBytes(path), fileBytes(path + "-wal")] == before, "the refused database changed")
            if writer == .stillOpen {
                // The newer process goes on as if nothing happened.
                try await newer.write { db in try db.execute(sql: "INSERT INTO future_things DEFAULT VALUES") }
                try newer.close()
            }
        }

        /// Files above `SQLiteDatabaseOpener.quickCheckLimit` (32 MiB) are not read in full when opened
        /// for reading: damage in them shows when a query reaches it. That must be a clear error naming the
        /// file, the store's verification must report it, and the file must stay as it was.
        @Test func damageInALargeDatabaseIsAClearErrorWhenReachedAndTheFileIsUnchanged() async throws {
            let folder = try TemporaryDirectory()
            let path = folder.path("cache.sqlite")
            try await Self.makeLargeDatabase(path)
            let page = try Self.page(of: "training_runs", type: "leaf", in: path)
            try RefusedFiles.scramble(path, page: page)
            let before = try fileBytes(path)
            #expect(before.count > 33 << 20)

            // Opening for reading does not read every page of so large a file, so it succeeds.
            let store = try await SQLiteCacheBackend(path: path, access: .readOnly, logger: StoreFixture.quiet)
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
            #expect(try await store.trainingRun(for: Self.firstKey)?.modelID == "big-1")
            try await store.close()

            // Compared as one Bool: a failed comparison of two 40 MiB values would print both.
            let unchanged = try fileBytes(path) == before
            #expect(unchanged, "the damaged file changed")
            #expect(try await sqliteIntegrityCheck(path).contains("Page \(page)"), "the damage moved")
        }

        /// Damage in a large database, each time in a state where opening the file for writing writes
        /// before any query runs.
        enum LargeDamage: String, CaseIterable, Sendable {
            /// A leaf page of a table, the -wal missing, as after every clean close: GRDB creates and
            /// drops a table to make a non-empty -wal.
            case tableLeafWithoutWAL = "a table leaf, no -wal"
            /// A leaf page of an index, beside an empty -wal: GRDB does the same.
            case indexLeafWithEmptyWAL = "an index leaf, an empty -wal"
            /// An interior page of a table, the file in rollback-journal mode: GRDB switches it to WAL.
            case interiorPageInRollbackMode = "an interior page, rollback-journal mode"
        }

        /// Opening a file for writing writes at once, so a damaged file is refused before, whatever its
        /// size, and left byte for byte as it was (`SQLiteDatabaseOpener.checkBeforeWriting()`).
        @Test(arguments: LargeDamage.allCases)
        func aDamagedLargeDatabaseIsRefusedForWritingAndTheFileIsUnchanged(_ damage: LargeDamage) async throws {
            let folder = try TemporaryDirectory()
            let path = folder.path("cache.sqlite")
            try await Self.makeLargeDatabase(path)
            let page: Int
            switch damage {
            case .tableLeafWithoutWAL:
                page = try Self.page(of: "training_runs", type: "leaf", in: path)
            case .indexLeafWithEmptyWAL:
                page = try Self.page(of: "sqlite_autoindex_training_runs_1", type: "leaf", in: path)
            case .interiorPageInRollbackMode:
                let mode = try withRawDatabase(path) { db in
                    try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                }
                #expect(mode == "delete")
                page = try Self.page(of: "training_runs", type: "internal", in: path)
            }
            try RefusedFiles.scramble(path, page: page)
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
            if damage == .indexLeafWithEmptyWAL {
                #expect(FileManager.default.createFile(atPath: path + "-wal", contents: Data()))
            }
            let before = try fileBytes(path)
            #expect(before.count > 33 << 20)

            let error = await #expect(throws: MOCacheError.self) {
                try await SQLiteCacheBackend(path: path, access: .readWrite, logger: StoreFixture.quiet)
            }
            #expect(error?.code == .notADatabase, "\(String(describing: error))")
            #expect(error?.message.contains(path) == true, "\(String(describing: error))")
            #expect(error?.message.contains("quick_check") == true, "\(String(describing: error))")

            // Compared as one Bool: a failed comparison of two 40 MiB values would print both.
            let unchanged = try fileBytes(path) == before
            #expect(unchanged, "the damaged file changed")
            #expect(!SQLiteFileInspector.hasContent(path + "-wal"), "the refused database got a write-ahead log")
            #expect(try await sqliteIntegrityCheck(path).contains("Page \(page)"), "the damage moved")
        }

        /// The walk that guards opening a large file for writing passes a sound one, overflow pages and
        /// free pages included, which then opens; and it finds a damaged page, naming it.
        @Test func thePageWalkPassesASoundLargeDatabaseAndFindsADamagedPage() async throws {
            let folder = try TemporaryDirectory()
            let path = folder.path("cache.sqlite")
            try await Self.makeLargeDatabase(path)
            let (roots, freePages, overflowPages) = try withRawDatabase(path, readOnly: true) { db in
                (
                    try Int.fetchAll(db, sql: "SELECT rootpage FROM sqlite_schema WHERE rootpage > 0"),
                    try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM dbstat WHERE pagetype = 'overflow'") ?? 0
                )
            }
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
            #expect(freePages > 0 && overflowPages > 0, "free pages: \(freePages), overflow pages: \(overflowPages)")
            #expect(try SQLitePageWalk.firstProblem(path: path, rootPages: roots) == nil)

            let store = try await SQLiteCacheBackend(path: path, access: .readWrite, logger: StoreFixture.quiet)
            #expect(try await store.trainingRun(for: Self.firstKey)?.modelID == "big-1")
            try await store.close()

            let page = try Self.page(of: "training_runs", type: "leaf", in: path)
            try RefusedFiles.scramble(path, page: page)
            let problem = try SQLitePageWalk.firstProblem(path: path, rootPages: roots)
            #expect(problem?.contains("page \(page) ") == true, "\(String(describing: problem))")
        }

        /// The key of the first training run of ``makeLargeDatabase(_:)``.
        static let firstKey = TrainingKey(
            backendID: "big", datasetHash: StoreFixture.hash("b19"), configHash: StoreFixture.hash(number: 1))

        /// A page from the middle of b-tree `name` whose `dbstat` type is `type` (`leaf` or `internal`).
        static func page(of name: String, type: String, in path: String) throws -> Int {
            try withRawDatabase(path, readOnly: true) { db throws -> Int in
                let pages = try Int.fetchAll(
                    db, sql: "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY pageno",
                    arguments: [name, type])
                return try #require(pages.isEmpty ? nil : pages[pages.count / 2], "no \(type) page in \(name)")
            }
        }

        /// A database of ~42 MiB: 9,000 succeeded training runs with 4 KB configs (so overflow pages),
        /// every 50th deleted again (so free pages), checkpointed, alone.
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
                try db.execute(sql: "DELETE FROM training_runs WHERE id % 50 = 0")
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
