import Foundation
import GRDB
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// A full disk and a database locked by another process: clear errors, nothing half-written.
@Suite struct SQLiteFaultTests {
    @Test func aFullDiskFailsCleanlyAndKeepsEveryAcknowledgedWrite() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        // The worker limits the size of every file it writes (RLIMIT_FSIZE) to 1 MiB, then records
        // training runs until a write fails.
        let result = try await runProcess(
            executable: testWorker, arguments: ["fill-disk", path, "\(1 << 20)"], timeout: 120)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.value("error") == "disk_full", "\(result)")
        let acknowledged = result.stdout.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count
        #expect(acknowledged > 10, "\(result)")

        try withRawDatabase(path) { db throws in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            let succeeded = try Int.fetchAll(
                db, sql: "SELECT CAST(json_extract(config_json, '$.index') AS INTEGER) FROM models ORDER BY 1")
            #expect(succeeded == Array(0..<acknowledged), "every acknowledged run is there, and nothing else")
        }
        let store = try await SQLiteCacheBackend(path: path, logger: StoreFixture.quiet)
        #expect(try await store.verify().isHealthy)
        try await store.close()
    }

    @Test func aDatabaseLockedPastTheTimeoutIsBusy() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let store = try await StoreFixture.store(folder, busyTimeout: 0.3)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: path, configuration: configuration)
        try other.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE") }

        let started = Date()
        let error = await #expect(throws: MOCacheError.self) {
            try await store.recordDatasetUpload(
                DatasetUpload(backendID: "b", datasetHash: StoreFixture.hash("d"), fileID: "f", uploadedAt: Date()))
        }
        #expect(error?.code == .busy)
        #expect(error?.message.contains("0.3 s") == true)
        #expect(Date().timeIntervalSince(started) >= 0.25)
        // Reading is not blocked by a writer.
        #expect(try await store.trainingRun(for: StoreFixture.trainingKey()) == nil)

        try other.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        try other.close()
        try await store.recordDatasetUpload(
            DatasetUpload(backendID: "b", datasetHash: StoreFixture.hash("d"), fileID: "f", uploadedAt: Date()))
        try await store.close()
    }

    @Test func anOpenBlockedByAnotherOpenIsBusyAfterTheTimeout() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        // Hold the open lock, as a process in the middle of creating or migrating the database does.
        let descriptor = open(path + ".lock", O_RDWR | O_CREAT, 0o644)
        #expect(flock(descriptor, LOCK_EX) == 0)
        defer { close(descriptor) }
        let error = await #expect(throws: MOCacheError.self) {
            try await SQLiteCacheBackend(path: path, busyTimeout: 0.2, logger: StoreFixture.quiet)
        }
        #expect(error?.code == .busy)
        #expect(!fileExists(path))
    }
}
