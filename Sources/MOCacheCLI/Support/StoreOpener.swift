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
    /// when `create` is set. `busyTimeout` is how long a SQLite store waits for another process's lock.
    static func open(
        _ location: String, access: SQLiteCacheBackend.Access, create: Bool,
        busyTimeout: TimeInterval = GlobalOptions.defaultBusyTimeout, logger: Logger
    ) async throws -> Opened {
        guard isServer(location) else {
            let store = try await open(path: location, access: access, busyTimeout: busyTimeout, logger: logger)
            return Opened(store: store, close: { try await store.close() })
        }
        do {
            let store = try await PostgresCacheBackend(
                location: try PostgresLocation(url: location), access: access == .readOnly ? .readOnly : .readWrite,
                create: create, logger: logger)
            return Opened(store: store, close: { try await store.close() })
        } catch let error as MOCacheError {
            throw DatabaseOpeningError(error: error)
        }
    }

    /// Opens the SQLite store at `path`.
    ///
    /// - Throws: ``DatabaseOpeningError`` with the library's error.
    static func open(
        path: String, access: SQLiteCacheBackend.Access,
        busyTimeout: TimeInterval = GlobalOptions.defaultBusyTimeout, logger: Logger
    ) async throws -> SQLiteCacheBackend {
        guard !isServer(path) else {
            throw MOCacheError(
                .unsupported,
                "This command works on SQLite files only, and \(describe(path)) is a PostgreSQL server.")
        }
        do {
            return try await SQLiteCacheBackend(path: path, access: access, busyTimeout: busyTimeout, logger: logger)
        } catch let error as MOCacheError {
            throw DatabaseOpeningError(error: error)
        }
    }

    /// Throws the missing-database error when no file exists at `path`. A server is asked when the store
    /// opens: it says when its database holds no store.
    ///
    /// - Throws: ``DatabaseOpeningError`` with code ``MOCacheError/Code/databaseMissing``.
    static func requireDatabase(at path: String) throws {
        guard !isServer(path), !FileManager.default.fileExists(atPath: path) else { return }
        throw DatabaseOpeningError(error: .databaseMissing(path))
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
        return FilePaths.absolute(path)
    }
}
