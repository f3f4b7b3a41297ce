import Foundation
import MOCache
import MOCachePostgres

/// The store a worker command opened from its `--db`: a SQLite file, or a PostgreSQL server when `--db`
/// is a `postgresql://` URL, so that the cross-process tests run the same worker on either store.
struct WorkerStore: Sendable {
    /// The store.
    let store: any CacheBackend
    /// Writes what the store deferred and closes it.
    let close: @Sendable () async throws -> Void

    /// Opens the store at `location`, read-write, creating it when missing.
    static func open(_ location: String) async throws -> WorkerStore {
        if PostgresLocation.isURL(location) {
            let store = try await PostgresCacheBackend(
                location: try PostgresLocation(url: location), logger: workerLogger)
            return WorkerStore(store: store, close: { try await store.close() })
        }
        let store = try await SQLiteCacheBackend(path: location, logger: workerLogger)
        return WorkerStore(store: store, close: { try await store.close() })
    }
}
