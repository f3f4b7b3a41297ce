import Foundation
import MOCache

/// A mocache database made for a scenario: created by ``SQLiteCacheBackend`` (so it has the store's
/// schema and settings), filled with `entries` succeeded synthetic runs (``BulkImport``), and open.
struct BenchDatabase: Sendable {
    /// The database file.
    let path: String
    /// How many entries it was filled with (``BenchKeys/key(_:namespace:)`` 0..<entries).
    let entries: Int
    /// The store, open on the file.
    let store: SQLiteCacheBackend

    /// Creates and fills a database named `cache.sqlite` in `folder`, then opens the store on it.
    static func make(in folder: TemporaryFolder, entries: Int, name: String = "cache.sqlite") async throws
        -> BenchDatabase
    {
        let path = folder.file(name)
        try await fill(path: path, entries: entries)
        return BenchDatabase(path: path, entries: entries, store: try await SQLiteCacheBackend(path: path))
    }

    /// Creates the database at `path` through the store and fills it, leaving it closed.
    static func fill(path: String, entries: Int, batchSize: Int = 10_000) async throws {
        let creator = try await SQLiteCacheBackend(path: path)
        try await creator.close()
        Progress.say("filling \(path) with \(entries) entries")
        let (nanoseconds, _) = try await Stopwatch.time {
            try BulkImport.insert(path: path, range: 0..<entries, batchSize: batchSize)
        }
        Progress.say(String(format: "filled in %.1f s", Double(nanoseconds) / 1e9))
    }

    /// The bytes of the database file and its WAL.
    func bytes() -> Int64 {
        Self.bytes(path: path)
    }

    /// The bytes of a database file and its WAL.
    static func bytes(path: String) -> Int64 {
        ["", "-wal"].reduce(Int64(0)) { total, suffix in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
            return total + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    /// Closes the store, writing its counted hits.
    func close() async throws {
        try await store.close()
    }
}
