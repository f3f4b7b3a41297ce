import Foundation
import GRDB
import MOCache
import Testing

extension Faults {
    /// A full disk where `SQLiteFaultTests` does not look: while the database is created or migrated,
    /// the exact state of the entry whose write failed, and the same store going on once there is room.
    ///
    /// The disk is made full the way `SQLiteFaultTests` does it: the worker limits the size of the files
    /// it writes (`RLIMIT_FSIZE`), so a write past the limit fails with `EFBIG`, as it would with
    /// `ENOSPC` or `EDQUOT` on a full disk or quota.
    @Suite("full disk")
    struct DiskFull {
        /// A new database is ~86 KB; these limits stop its creation at its first pages, in the middle of
        /// the schema, and near its end.
        @Test(arguments: [4096, 16384, 65536])
        func creatingTheDatabaseOnAFullDiskSaysSoAndLeavesNothing(limit: Int) async throws {
            let folder = try TemporaryDirectory()
            let path = folder.path("store/cache.sqlite")
            let result = try await runProcess(
                executable: testWorker, arguments: ["open-limited", path, "\(limit)"], timeout: 120)
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.mocacheErrorCode == "disk_full", "\(result)")
            #expect(result.stderr.contains(path))
            #expect(!fileExists(path), "a half-made database was left at \(path)")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path("store"))
            #expect(names.filter { $0 != "cache.sqlite.lock" }.isEmpty, "left behind: \(names)")

            // With room again, the database is created as usual.
            let again = try await runProcess(executable: testWorker, arguments: ["open-store", path], timeout: 120)
            #expect(
                again.exitCode == 0 && again.value("schema_version") == "\(SQLiteCacheBackend.supportedSchemaVersion)",
                "\(again)")
        }

        /// Opening a version 1 database (about 45 KB, alone) to upgrade it needs room: at 8 KB limit, for the
        /// -shm index SQLite makes when it first reads the file; at 40 KB, for the new schema.
        @Test(arguments: [8192, 40960])
        func upgradingOnAFullDiskSaysSoAndLeavesTheOldDatabaseWhole(limit: Int) async throws {
            let folder = try TemporaryDirectory()
            let path = folder.path("cache.sqlite")
            try StoreFixture.makeVersion1Database(path)
            try withRawDatabase(path) { db throws in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
            let result = try await runProcess(
                executable: testWorker, arguments: ["open-limited", path, "\(limit)"], timeout: 120)
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.mocacheErrorCode == "disk_full", "\(result)")
            #expect(try await sqliteIntegrityCheck(path) == "ok")
            try withRawDatabase(path, readOnly: true) { db throws in
                #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == 1)
                #expect(try String.fetchAll(db, sql: "SELECT model_id FROM training_runs") == ["old-model"])
            }

            let again = try await runProcess(executable: testWorker, arguments: ["open-store", path], timeout: 120)
            #expect(
                again.exitCode == 0 && again.value("schema_version") == "\(SQLiteCacheBackend.supportedSchemaVersion)",
                "\(again)")
        }

        /// A store fills the disk writing ~3 KB entries step by step (claim, start, finish; training runs
        /// and evaluations with 100 metrics). The step that fails leaves its entry exactly as the step
        /// before left it, the store keeps reading, and once the limit is lifted the same store finishes
        /// that entry and writes more: nothing acknowledged is lost, nothing half-written is stored.
        @Test func aStoreThatFilledTheDiskLeavesNoHalfWrittenEntryAndGoesOnOnceThereIsRoom() async throws {
            let folder = try TemporaryDirectory()
            let path = folder.path("cache.sqlite")
            let result = try await runProcess(
                executable: testWorker, arguments: ["fill-then-free", path, "\(1 << 20)"], timeout: 180)
            #expect(result.exitCode == 0 && result.stdout.hasSuffix("done\n"), "\(result)")
            #expect(result.stderr.isEmpty, "\(result.stderr)")

            let failure = try #require(
                result.stdout.split(separator: "\n").first { $0.hasPrefix("failed ") }, "\(result)")
            let fields = Dictionary(
                failure.split(separator: " ").dropFirst().compactMap { field -> (String, String)? in
                    let parts = field.split(separator: "=", maxSplits: 1)
                    return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
                }, uniquingKeysWith: { $1 })
            #expect(fields["code"] == "disk_full", "\(failure)")
            // The entry is as the last successful step left it.
            let expected = ["claim": "absent", "start": "pending", "finish": "running"][fields["step"] ?? ""]
            #expect(result.value("state") == expected, "\(failure) left the entry \(result.value("state") ?? "?")")

            let acknowledged = try Acknowledgements(parsing: result.stdout)
            #expect(acknowledged.count > 10, "the disk filled after \(acknowledged.count) entries")
            #expect(try await sqliteIntegrityCheck(path) == "ok")
            let stored = try StoredEntries(path)
            #expect(stored.missing(acknowledged).isEmpty, "\(stored.missing(acknowledged).prefix(5))")
            #expect(stored.unacknowledged(acknowledged).isEmpty, "\(stored.unacknowledged(acknowledged))")
            // No entry stayed half-way: the failed one was finished after the limit was lifted.
            #expect(stored.training.values.allSatisfy { $0.status == "succeeded" })
            try withRawDatabase(path, readOnly: true) { db throws in
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM eval_results WHERE status <> 'succeeded'") == 0)
            }
            let store = try await SQLiteCacheBackend(path: path, access: .readOnly, logger: StoreFixture.quiet)
            let report = try await store.verify()
            #expect(report.isHealthy, "\(report)")
            try await store.close()
        }
    }
}
