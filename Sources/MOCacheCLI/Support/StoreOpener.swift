import Foundation
import Logging
import MOCache

/// The one place where the CLI opens a database.
enum StoreOpener {
    /// Opens the store at `path`.
    ///
    /// - Throws: ``DatabaseOpeningError`` with the library's error.
    static func open(path: String, access: SQLiteCacheBackend.Access, logger: Logger) async throws
        -> SQLiteCacheBackend
    {
        do {
            return try await SQLiteCacheBackend(path: path, access: access, logger: logger)
        } catch let error as MOCacheError {
            throw DatabaseOpeningError(error: error)
        }
    }

    /// Throws the missing-database error when no file exists at `path`.
    ///
    /// - Throws: ``DatabaseOpeningError`` with code ``MOCacheError/Code/databaseMissing``.
    static func requireDatabase(at path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        throw DatabaseOpeningError(error: .databaseMissing(path))
    }

    /// The database path when `--db` is not given: `MOCACHE_DB`, else `.mocache/cache.sqlite`.
    static func defaultPath() -> String {
        SQLiteCacheBackend.defaultPath()
    }
}
