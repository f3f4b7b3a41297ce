import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// Read-only files and folders: inspection works, writing fails with `read_only`, the file is untouched.
///
/// The store runs in a child process as `nobody` when the tests run as root, since root ignores file
/// permissions.
@Suite struct SQLitePermissionTests {
    enum Leftovers: CaseIterable {
        /// The -wal and -shm files that a closed store leaves next to the database.
        case walFilesPresent
        /// Only the database file: checkpointed and copied alone, say.
        case databaseFileAlone
    }

    @Test(arguments: Leftovers.allCases)
    func aReadOnlyWALDatabaseInAReadOnlyFolderCanBeInspected(_ leftovers: Leftovers) async throws {
        let root = try TemporaryDirectory()
        let folder = root.path("store")
        let path = folder + "/cache.sqlite"
        let store = try await SQLiteCacheBackend(path: path, logger: StoreFixture.quiet)
        try await StoreFixture.trained(store, StoreFixture.trainingKey(), model: "model-ro")
        try await store.close()
        if leftovers == .databaseFileAlone {
            try withRawDatabase(path) { db throws in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            for suffix in ["-wal", "-shm", ".lock"] { unlink(path + suffix) }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        for name in names { chmod(folder + "/" + name, 0o444) }
        chmod(folder, 0o555)
        let before = try fileBytes(path)

        let inspected = try await runAsNobodyIfRoot(executable: testWorker, arguments: ["inspect-store", path])
        #expect(inspected.exitCode == 0, "\(inspected)")
        #expect(inspected.value("schema_version") == "\(SQLiteCacheBackend.supportedSchemaVersion)")
        #expect(inspected.value("models") == "model-ro")
        #expect(inspected.value("write") == "read_only")

        let opened = try await runAsNobodyIfRoot(executable: testWorker, arguments: ["open-store", path])
        #expect(opened.exitCode == 1, "\(opened)")
        #expect(opened.mocacheErrorCode == "read_only", "\(opened)")
        #expect(opened.stderr.contains(path))

        #expect(try fileBytes(path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == names.sorted())
    }

    @Test func aReadOnlyFileInAWritableFolderRefusesWriting() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let store = try await SQLiteCacheBackend(path: path, logger: StoreFixture.quiet)
        try await StoreFixture.trained(store, StoreFixture.trainingKey(), model: "model-ro")
        try await store.close()
        for suffix in ["", "-wal", "-shm", ".lock"] { chmod(path + suffix, 0o444) }
        let before = try fileBytes(path)

        let inspected = try await runAsNobodyIfRoot(executable: testWorker, arguments: ["inspect-store", path])
        #expect(inspected.exitCode == 0 && inspected.value("models") == "model-ro", "\(inspected)")
        let opened = try await runAsNobodyIfRoot(executable: testWorker, arguments: ["open-store", path])
        #expect(opened.mocacheErrorCode == "read_only", "\(opened)")
        #expect(try fileBytes(path) == before)
    }

    @Test func aReadOnlyStoreRefusesEveryWriteInProcess() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let writer = try await SQLiteCacheBackend(path: path, logger: StoreFixture.quiet)
        let run = try await StoreFixture.trained(writer, StoreFixture.trainingKey(), model: "m")
        try await writer.close()

        let store = try await SQLiteCacheBackend(path: path, access: .readOnly, logger: StoreFixture.quiet)
        #expect(try await store.trainingRun(for: run.key)?.modelID == "m")
        await store.recordHit(.training(run.id))
        try await store.flushHits()
        let error = await #expect(throws: MOCacheError.self) {
            try await store.claimTrainingRun(
                for: StoreFixture.trainingKey(config: "new"), config: .null, lease: StoreFixture.lease(.current))
        }
        #expect(error?.code == .readOnly)
        let vacuum = await #expect(throws: MOCacheError.self) { try await store.vacuum() }
        #expect(vacuum?.code == .readOnly)
        #expect(try await store.verify().isHealthy)
        try await store.close()
    }
}

extension SQLitePermissionTests {
    @Test func anUnreadableFileOrFolderIsPermissionDenied() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("locked/cache.sqlite")
        let store = try await SQLiteCacheBackend(path: path, logger: StoreFixture.quiet)
        try await store.close()

        chmod(path, 0o000)
        let file = try await runAsNobodyIfRoot(executable: testWorker, arguments: ["inspect-store", path])
        #expect(file.mocacheErrorCode == "permission_denied", "\(file)")
        chmod(path, 0o644)

        chmod(folder.path("locked"), 0o000)
        let hidden = try await runAsNobodyIfRoot(executable: testWorker, arguments: ["open-store", path])
        #expect(hidden.mocacheErrorCode == "permission_denied", "\(hidden)")
        #expect(hidden.stderr.contains("Check the permissions"))
    }
}
