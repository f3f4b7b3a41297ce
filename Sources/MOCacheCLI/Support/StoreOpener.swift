import Foundation
import Logging
import MOCache

/// The one place where the CLI opens a database.
enum StoreOpener {
    /// Opens the store at `path`.
    static func open(path: String, access: SQLiteCacheBackend.Access, logger: Logger) async throws
        -> SQLiteCacheBackend
    {
        try await SQLiteCacheBackend(path: path, access: access, logger: logger)
    }

    /// The database path when `--db` is not given: `MOCACHE_DB`, else `.mocache/cache.sqlite`.
    static func defaultPath() -> String {
        SQLiteCacheBackend.defaultPath()
    }

    /// A path given on the command line, made absolute.
    static func absolutePath(_ path: String) -> String {
        SQLiteCacheBackend.defaultPath(environment: ["MOCACHE_DB": path])
    }
}
