import Foundation
import MOCache
import MOCachePostgres

/// A store a worker or a check opens by its `--db`: a SQLite file, or a PostgreSQL database when `--db`
/// is a `postgresql://` URL.
struct BenchStore: Sendable {
    /// The store.
    let store: any CacheBackend
    /// Writes the counted hits and closes it.
    let close: @Sendable () async throws -> Void

    /// Opens the store at `location` (a file path or a URL).
    static func open(_ location: String, readOnly: Bool = false) async throws -> BenchStore {
        if PostgresLocation.isURL(location) {
            let store = try await PostgresCacheBackend(
                location: try PostgresLocation(url: location), access: readOnly ? .readOnly : .readWrite,
                maximumConnections: 2, logger: PostgresBenchDatabase.logger)
            return BenchStore(store: store, close: { try await store.close() })
        }
        let store = try await SQLiteCacheBackend(
            path: location, access: readOnly ? .readOnly : .readWrite, busyTimeout: 30)
        return BenchStore(store: store, close: { try await store.close() })
    }
}
