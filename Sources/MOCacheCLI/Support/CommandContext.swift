import Foundation
import Logging
import MOCache

/// What a command's body works with: the options, the console and a logger.
struct CommandContext: Sendable {
    let options: GlobalOptions
    let console: Console
    let logger: Logger

    var format: OutputFormat { console.format }
    /// The `--format` asked for, csv included (``format`` is text for csv).
    var dataFormat: DataFormat { options.format }

    /// Opens the database, runs `body` with it and closes it (writing the counted cache hits), also
    /// when `body` throws.
    ///
    /// Read-only access never creates a file or a folder and works on a read-only file; a missing
    /// database is an error naming the path.
    ///
    /// Read-write access creates the database only when `create` is set (commands that record results);
    /// the others (`rm`, `prune`, `vacuum`, `verify --fix`) refuse a missing database like inspection does.
    func withStore<Result>(
        _ access: SQLiteCacheBackend.Access, create: Bool = false, _ body: (any CacheBackend) async throws -> Result
    ) async throws -> Result {
        if access == .readWrite && !create { try StoreOpener.requireDatabase(at: options.databasePath) }
        let opened = try await StoreOpener.open(
            options.databasePath, access: access, create: create, busyTimeout: options.busyTimeoutSeconds,
            logger: logger)
        let result: Result
        do {
            result = try await body(opened.store)
        } catch {
            do {
                try await opened.close()
            } catch let closing {
                // The command's own error is the one to report; this one is logged, not lost.
                logger.warning("could not close the database after an error", metadata: ["error": "\(closing)"])
            }
            throw error
        }
        try await opened.close()
        if let sqlite = opened.store as? SQLiteCacheBackend { warnAboutSkipped(sqlite.skippedRows) }
        return result
    }

    /// Says which damaged rows a listing left out, and what to do about them.
    func warnAboutSkipped(_ rows: [UnreadableRow]) {
        guard !rows.isEmpty else { return }
        let ids = rows.map(\.entryID.reference)
        let listed = ids.prefix(20).joined(separator: " ") + (ids.count > 20 ? " …" : "")
        console.warning(
            "skipped \(TextShapes.count(rows.count, "damaged entry", "damaged entries")) that cannot be read "
                + "(\(listed)); `mocache verify` says what is wrong with them, `mocache rm \(ids[0])` removes one.")
    }

    /// Opens the SQLite database, runs `body` with it and closes it: for the commands that work on a
    /// SQLite file only (`verify`, `vacuum`).
    func withSQLiteStore<Result>(
        _ access: SQLiteCacheBackend.Access, create: Bool = false, _ body: (SQLiteCacheBackend) async throws -> Result
    ) async throws -> Result {
        if access == .readWrite && !create { try StoreOpener.requireDatabase(at: options.databasePath) }
        let store = try await StoreOpener.open(
            path: options.databasePath, access: access, busyTimeout: options.busyTimeoutSeconds, logger: logger)
        let result: Result
        do {
            result = try await body(store)
        } catch {
            do {
                try await store.close()
            } catch let closing {
                // The command's own error is the one to report; this one is logged, not lost.
                logger.warning("could not close the database after an error", metadata: ["error": "\(closing)"])
            }
            throw error
        }
        try await store.close()
        return result
    }

    /// Opens the store a cache policy needs and runs `body` with it: the database read-write for `use`
    /// and `refresh`, read-only for `read-only` (an empty store when there is no database: nothing is
    /// served), and an empty store in memory for `off`.
    func withStore<Result>(for policy: CachePolicy, _ body: (any CacheBackend) async throws -> Result)
        async throws -> Result
    {
        switch policy {
        case .use, .refresh:
            return try await withStore(.readWrite, create: true) { try await body($0) }
        case .readOnly
        where StoreOpener.isServer(options.databasePath) || FileManager.default.fileExists(atPath: options.databasePath):
            return try await withStore(.readOnly) { try await body($0) }
        case .readOnly, .off:
            logger.debug("no database used", metadata: ["policy": "\(policy.rawValue)"])
            return try await body(InMemoryCacheBackend())
        }
    }
}
