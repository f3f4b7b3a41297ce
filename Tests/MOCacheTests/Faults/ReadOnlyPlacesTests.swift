import Foundation
import MOCache
import Testing

extension Faults {
    /// Read-only files and folders in the combinations `SQLitePermissionTests` leaves out.
    ///
    /// Its tests make the file read-only in a folder that the store's process cannot write either (a
    /// test folder belongs to root, and the store runs as `nobody`). Here the folder is made writable
    /// for everyone where the case needs it, so that a read-only file in a writable folder, and a
    /// writable file in a read-only folder, are really that. A control case with both writable shows
    /// that the refusals come from the permissions and not from the setup.
    @Suite("read-only files and folders")
    struct ReadOnlyPlaces {
        struct Place: Sendable, CustomTestStringConvertible {
            var fileWritable: Bool
            var folderWritable: Bool
            /// Whether the -wal, -shm and .lock files of the last store are there (with the file's
            /// permissions), or the database file is alone.
            var leftovers: Bool

            var testDescription: String {
                "\(fileWritable ? "writable" : "read-only") file in a \(folderWritable ? "writable" : "read-only") "
                    + "folder, \(leftovers ? "with" : "without") -wal and -shm"
            }
        }

        static let places: [Place] = [
            Place(fileWritable: true, folderWritable: false, leftovers: true),
            Place(fileWritable: true, folderWritable: false, leftovers: false),
            Place(fileWritable: false, folderWritable: true, leftovers: true),
            Place(fileWritable: false, folderWritable: true, leftovers: false),
            Place(fileWritable: true, folderWritable: true, leftovers: false),
        ]

        @Test(arguments: places)
        func inspectionWorksAndWritingFailsClearly(_ place: Place) async throws {
            let root = try TemporaryDirectory()
            let folder = root.path("store")
            let path = folder + "/cache.sqlite"
            let store = try await SQLiteCacheBackend(path: path, logger: StoreFixture.quiet)
            try await StoreFixture.trained(store, StoreFixture.trainingKey(), model: "model-ro")
            try await store.close()
            if !place.leftovers {
                try withRawDatabase(path) { db throws in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
                for suffix in ["-wal", "-shm", ".lock"] { unlink(path + suffix) }
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            for name in names { chmod(folder + "/" + name, place.fileWritable ? 0o666 : 0o444) }
            chmod(folder, place.folderWritable ? 0o777 : 0o555)
            let before = try fileBytes(path)

            let inspected = try await runAsNobodyIfRoot(
                executable: testWorker, arguments: ["inspect-store", path], timeout: 120)
            #expect(inspected.exitCode == 0, "\(inspected)")
            #expect(inspected.value("models") == "model-ro", "\(inspected)")
            #expect(inspected.value("write") == "read_only", "\(inspected)")

            let written = try await runAsNobodyIfRoot(
                executable: testWorker, arguments: ["write-loop", "--db", path, "--writer", "1", "--count", "2"],
                timeout: 120)
            if place.fileWritable && place.folderWritable {
                #expect(written.exitCode == 0 && written.stdout.hasSuffix("done\n"), "\(written)")
                let stored = try StoredEntries(path)
                #expect(stored.missing(try Acknowledgements(parsing: written.stdout)).isEmpty)
                #expect(stored.succeeded.count == 3)
                return
            }
            #expect(written.exitCode == 1, "\(written)")
            #expect(written.mocacheErrorCode == "read_only", "\(written)")
            #expect(written.stderr.contains(path) && written.stderr.contains("cannot be written"), "\(written.stderr)")
            #expect(!written.stdout.contains("ack "))
            #expect(try fileBytes(path) == before, "the refused database changed")
            let stored = try StoredEntries(path)
            #expect(stored.succeeded.count == 1)
        }
    }
}
