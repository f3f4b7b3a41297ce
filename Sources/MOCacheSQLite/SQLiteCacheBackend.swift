import Foundation
import GRDB
import GRDBSQLite
import Logging
import MOCacheCore

/// The store in a SQLite database file: the ``CacheBackend`` users normally want.
///
/// It owns one GRDB `DatabasePool` on the file (one writer and several reader connections, in WAL
/// mode, with a busy timeout on every connection) and the in-memory buffer of cache hits not yet
/// written. The cache-hit lookups run on the pool's writer connection while no write wants it, and on a
/// reader otherwise (``SQLiteWriterSharing``). Many processes can use the same file at once: claims and
/// leases are single transactions, so only one of them runs each job.
///
/// ```swift
/// let store = try await SQLiteCacheBackend(path: SQLiteCacheBackend.defaultPath())
/// if let run = try await store.trainingRun(for: key), run.status == .succeeded {
///     await store.recordHit(.training(run.id))
/// }
/// try await store.close()  // writes the counted hits
/// ```
///
/// Every row is readable with the `sqlite3` shell, and the `models`, `evals` and `eval_metrics` views
/// answer the common questions:
///
/// ```sh
/// sqlite3 -table .mocache/cache.sqlite 'SELECT model_id, base_model, hit_count FROM models'
/// ```
///
/// The schema comes from the numbered SQL files of `migrations/`, built into the library; opening a
/// database for writing brings it to the newest schema, exactly once even when many processes open it
/// together. A file that is not a mocache database, is damaged, or was written by a newer mocache is
/// refused before anything is written to it.
///
/// Cache hits are counted in memory (``recordHit(_:)`` never writes) and written in batches: when
/// enough are waiting, with the next write, on ``flushHits()`` and on ``close()``. Call ``close()``
/// before the process ends.
public final class SQLiteCacheBackend: CacheBackend {
    /// How a store opens its database.
    public enum Access: Sendable, Hashable {
        /// Reads and writes. Creates the folder and the database when they do not exist, and brings an
        /// older schema up to date.
        case readWrite
        /// Only reads, for inspection: never creates a file or a folder and never changes the file, so it
        /// works on a read-only file in a read-only folder. Every write throws
        /// ``MOCacheError/Code/readOnly``.
        case readOnly
    }

    /// The newest schema version this library knows: the number of its last migration.
    public static let supportedSchemaVersion: Int = SQLiteSchema.supportedVersion

    /// The absolute path of the database file.
    public let path: String

    /// How the database was opened.
    public let access: Access

    /// How long an operation waits for another process's lock before it throws
    /// ``MOCacheError/Code/busy``.
    let busyTimeout: TimeInterval

    /// The connections to the database.
    let pool: DatabasePool

    /// Which of the pool's connections a cache-hit lookup takes: the writer when no write wants it.
    let writerSharing = SQLiteWriterSharing()

    /// Hits counted but not yet written.
    let hitBuffer = SQLiteHitBuffer()

    /// The fences the claims of this process's owners got.
    let fences = LeaseFences()

    /// The damaged rows that listings skipped so far.
    let skippedRowsSeen = Locked<[UnreadableRow]>([])

    /// Where the store reports what it did (creating or migrating the database) and what went wrong in
    /// the background (hits it could not write).
    let logger: Logger

    /// How many waiting hits make ``recordHit(_:)`` write them.
    static let hitFlushThreshold = 256

    /// Opens the database at `path`, creating it (and its folder) for writing when it does not exist.
    ///
    /// - Parameters:
    ///   - path: The database file. A relative path is taken from the current directory. See
    ///     ``defaultPath(environment:currentDirectory:)`` for where mocache keeps it by default.
    ///   - access: ``Access/readWrite`` for the cached wrappers and anything that records results;
    ///     ``Access/readOnly`` for inspection, which never creates or changes a file.
    ///   - busyTimeout: How long to wait, in seconds, for another process holding the database locked.
    ///   - logger: Where to report creating or migrating the database and background failures.
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/databaseMissing`` (read-only access to a
    ///   file that does not exist), ``MOCacheError/Code/notADatabase`` (not a SQLite database, a damaged
    ///   one, or another program's), ``MOCacheError/Code/schemaTooNew``, ``MOCacheError/Code/readOnly``,
    ///   ``MOCacheError/Code/permissionDenied``, ``MOCacheError/Code/busy`` or
    ///   ``MOCacheError/Code/sqliteTooOld``. The file is never modified when opening it fails.
    public init(
        path: String, access: Access = .readWrite, busyTimeout: TimeInterval = 10,
        logger: Logger = Logger.current
    ) async throws {
        let absolutePath = Self.absolutePath(path, currentDirectory: FileManager.default.currentDirectoryPath)
        let opener = SQLiteDatabaseOpener(
            path: absolutePath, mode: access, busyTimeout: busyTimeout, logger: logger)
        self.pool = try await opener.open()
        self.path = absolutePath
        self.access = access
        self.busyTimeout = busyTimeout
        self.logger = logger
        // Results that an earlier process finished but could not write are written now.
        if access == .readWrite { await applyPendingResults() }
    }

    deinit {
        // A store dropped without close() still writes the hits it counted: losing them would
        // understate what the cache saved. This is the one place the store blocks its thread. Nothing
        // can be looking up now, so the writer is not shared (``SQLiteWriterSharing``).
        let hits = hitBuffer.drain()
        guard !hits.isEmpty, access == .readWrite else { return }
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction {
                    try Self.applyHits(hits, db)
                    return .commit
                }
            }
        } catch {
            logger.warning(
                "Could not write \(hits.values.reduce(0) { $0 + $1.count }) cache hits to \(path): \(error)")
        }
    }

    /// The default database path: `MOCACHE_DB` when set, else `.mocache/cache.sqlite` under the
    /// current directory; always absolute.
    ///
    /// - Parameters:
    ///   - environment: The environment to read `MOCACHE_DB` from.
    ///   - currentDirectory: The folder relative paths start from.
    public static func defaultPath(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        if let configured = environment["MOCACHE_DB"], !configured.isEmpty {
            return absolutePath(configured, currentDirectory: currentDirectory)
        }
        return absolutePath(".mocache/cache.sqlite", currentDirectory: currentDirectory)
    }

    /// The schema version of the database: the number of its last applied migration.
    public func schemaVersion() async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        }
    }

    /// Writes the counted hits and closes the database. The store cannot be used afterwards.
    ///
    /// - Throws: ``MOCacheError`` when the hits cannot be written; the database is closed anyway.
    public func close() async throws {
        var flushError: (any Error)?
        hitBuffer.beginClosing()
        if access == .readWrite {
            do {
                try await flushHits()
            } catch {
                flushError = error
            }
        }
        // The hits that could not be written are dropped now rather than retried by deinit.
        _ = hitBuffer.drain()
        if access == .readWrite {
            // Copy the write-ahead log into the database file while nobody reads, so that the file alone
            // (copied, or opened read-only in a read-only folder) holds everything.
            do {
                _ = try await writerSharing.write {
                    try await pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                }
            } catch {
                logger.debug("Could not checkpoint \(path) on close: \(error)")
            }
        }
        await writerSharing.close()
        do {
            try pool.close()
        } catch {
            throw translate(error)
        }
        if let flushError { throw flushError }
    }

    // MARK: - Paths

    /// `path` made absolute against `currentDirectory`, with `.` and `..` components resolved.
    static func absolutePath(_ path: String, currentDirectory: String) -> String {
        let joined = path.hasPrefix("/") ? path : currentDirectory + "/" + path
        var components: [Substring] = []
        for component in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
