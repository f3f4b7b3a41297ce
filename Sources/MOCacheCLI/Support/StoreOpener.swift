import Foundation
import Logging
import MOCache
import MOCachePostgres

/// The one place where the CLI opens a database: a SQLite file, or a PostgreSQL server when `--db` (or
/// `MOCACHE_DB`) is a `postgresql://` or `postgres://` URL.
enum StoreOpener {
    /// A store the CLI opened, and how to close it.
    struct Opened: Sendable {
        /// The store.
        let store: any CacheBackend
        /// Writes what the store deferred and closes it.
        let close: @Sendable () async throws -> Void
    }

    /// Whether `location` (an absolute path or a URL, as ``GlobalOptions/databasePath`` gives it)
    /// names a PostgreSQL server.
    static func isServer(_ location: String) -> Bool {
        PostgresLocation.isURL(location)
    }

    /// Opens the store at `location`, a file path or a server URL.
    ///
    /// A file is opened as ``SQLiteCacheBackend`` does. On a server, read-only access creates nothing
    /// and refuses a database that holds no mocache store; read-write access creates the store only
    /// when `create` is set.
    static func open(_ location: String, access: SQLiteCacheBackend.Access, create: Bool, logger: Logger)
        async throws -> Opened
    {
        guard isServer(location) else {
            let store = try await open(path: location, access: access, logger: logger)
            return Opened(store: store, close: { try await store.close() })
        }
        let store = try await PostgresCacheBackend(
            location: try PostgresLocation(url: location), access: access == .readOnly ? .readOnly : .readWrite,
            create: create, logger: logger)
        return Opened(store: store, close: { try await store.close() })
    }

    /// Opens the SQLite store at `path`.
    static func open(path: String, access: SQLiteCacheBackend.Access, logger: Logger) async throws
        -> SQLiteCacheBackend
    {
        guard !isServer(path) else {
            throw MOCacheError(
                .unsupported,
                "This command works on SQLite files only, and \(describe(path)) is a PostgreSQL server.")
        }
        return try await SQLiteCacheBackend(path: path, access: access, logger: logger)
    }

    /// The store's name for people: the path, or the URL without its password.
    static func describe(_ location: String) -> String {
        guard isServer(location) else { return location }
        return (try? PostgresLocation(url: location).description) ?? PostgresLocation.redacted(location)
    }

    /// The database when `--db` is not given: `MOCACHE_DB`, else `.mocache/cache.sqlite`.
    static func defaultPath() -> String {
        if let configured = ProcessInfo.processInfo.environment["MOCACHE_DB"], isServer(configured) {
            return configured
        }
        return SQLiteCacheBackend.defaultPath()
    }

    /// A path given on the command line, made absolute; a server URL as it is.
    static func absolutePath(_ path: String) -> String {
        guard !isServer(path) else { return path }
        return SQLiteCacheBackend.defaultPath(environment: ["MOCACHE_DB": path])
    }
}
