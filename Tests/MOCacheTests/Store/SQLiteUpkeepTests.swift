import Foundation
import GRDB
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// `verify()` and `vacuum()`, the upkeep behind `mocache verify` and `mocache vacuum`.
@Suite struct SQLiteUpkeepTests {
    @Test func verifyReportsDamagedJSONAndStaleMemos() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let store = try await StoreFixture.store(folder)
        let run = try await StoreFixture.trained(store, StoreFixture.trainingKey(), model: "m")

        let dataset = folder.path("data.jsonl")
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: dataset))
        var info = stat()
        #expect(stat(dataset, &info) == 0)
        let identity = FileIdentity(
            path: dataset, device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modificationTimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
        try await store.memoizeHash(StoreFixture.hash("aa"), for: identity)
        try await store.memoizeHash(
            StoreFixture.hash("bb"),
            for: FileIdentity(
                path: folder.path("gone.jsonl"), device: 1, inode: 2, size: 3, modificationTimeNanoseconds: 4))
        try await store.memoizeHash(
            StoreFixture.hash("cc"),
            for: FileIdentity(path: dataset + ".old", device: 1, inode: 2, size: 3, modificationTimeNanoseconds: 4))
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: dataset + ".old"))

        let healthy = try await store.verify()
        #expect(healthy.isHealthy, "\(healthy)")
        #expect(healthy.missingFiles == [folder.path("gone.jsonl")])
        #expect(healthy.changedFiles == [dataset + ".old"])

        // Damage a row behind the store's back, past the CHECK constraints.
        try withRawDatabase(path) { db throws in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE training_runs SET config_json = '{broken' WHERE id = ?", arguments: [run.id])
        }
        let damaged = try await store.verify()
        #expect(!damaged.isHealthy)
        #expect(damaged.invalidJSON == [.init(table: "training_runs", rowID: run.id, column: "config_json")])
        try withRawDatabase(path) { db throws in
            try db.execute(
                sql: "UPDATE entry_counts SET entries = entries + 2 WHERE kind = 'training' AND status = 'succeeded'")
        }
        let miscounted = try await store.verify().countProblems
        #expect(miscounted == ["training local succeeded: kept 3, counted 1"])
        let unreadable = await #expect(throws: MOCacheError.self) { try await store.trainingRun(for: run.key) }
        #expect(unreadable?.code == .notADatabase)
        #expect(unreadable?.message.contains("training_runs.config_json") == true)
        try await store.close()
    }

    @Test func vacuumShrinksTheFileAndKeepsTheRows() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let store = try await StoreFixture.store(folder)
        var ids: [EntryID] = []
        for index in 0..<300 {
            let run = try await StoreFixture.trained(
                store, StoreFixture.trainingKey(number: index), model: "m\(index)")
            ids.append(.training(run.id))
        }
        #expect(try await store.removeEntries(Array(ids.dropFirst())) == 299)
        try withRawDatabase(path) { db throws in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let before = SQLiteCacheBackend.fileSize(path)
        try await store.vacuum()
        let after = SQLiteCacheBackend.fileSize(path)
        #expect(after < before, "\(before) -> \(after)")
        #expect(try await store.trainingRuns(matching: TrainingRunFilter()).map(\.modelID) == ["m0"])
        try await store.close()
    }
}
