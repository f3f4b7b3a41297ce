import Foundation
import GRDB
import GRDBSQLite
import MOCacheCore

// MARK: - Reading and writing

extension SQLiteCacheBackend {
    /// Runs `body` in a read transaction on a reader connection, off the cooperative pool.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw translate(error)
        }
    }

    /// Runs a point lookup, one fixed SELECT, on the calling thread, and returns what `read` makes of
    /// its first row, or `nil`.
    ///
    /// The cache-hit path: one statement prepared once per connection, stepped through GRDB's escape hatch
    /// (``SQLiteQuery``) without a transaction (a single SELECT is atomic), on the pool's writer connection
    /// when no write wants it and on a reader otherwise (``SQLiteWriterSharing``). Never waits behind a
    /// write: a read in WAL mode waits for no writer.
    func lookup<T>(
        sql: String, arguments: [SQLiteQuery.Argument], _ read: (SQLiteColumns) throws -> T
    ) throws -> T? {
        do {
            if writerSharing.beginLookup() {
                defer { writerSharing.endLookup() }
                return try pool.writeWithoutTransaction { db in
                    try SQLiteQuery.firstRow(db, sql: sql, arguments: arguments, read)
                }
            }
            return try pool.unsafeRead { db in
                try SQLiteQuery.firstRow(db, sql: sql, arguments: arguments, read)
            }
        } catch {
            throw translate(error)
        }
    }

    /// Runs `body` in one immediate write transaction, together with the hits waiting to be written.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/readOnly`` on a read-only store; the
    ///   translated SQLite error otherwise. Nothing of a failed transaction is kept, and its hits wait
    ///   for the next write.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard access == .readWrite else {
            throw MOCacheError.readOnly(path, detail: "this store was opened for reading only")
        }
        let hits = hitBuffer.drain()
        do {
            return try await writerSharing.write {
                try await pool.writeWithoutTransaction { db in
                    try Self.inTransaction(db) {
                        try Self.applyHits(hits, db)
                        return try body(db)
                    }
                }
            }
        } catch {
            hitBuffer.restore(hits)
            throw translate(error)
        }
    }

    /// Runs `body` in an immediate transaction, and attaches `errno` to an SQLite error so that a full
    /// disk can be told from other input/output errors.
    ///
    /// The transaction is handled here rather than by GRDB's `inTransaction`, so that the error number
    /// is read right after the failure, before the rollback.
    static func inTransaction<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        do {
            // Prepared once per connection, unlike `beginTransaction()`, which parses its SQL each time.
            try db.cachedStatement(sql: "BEGIN IMMEDIATE").execute()
            let result = try body()
            try db.cachedStatement(sql: "COMMIT").execute()
            return result
        } catch {
            let threadErrno = errno
            let sqliteErrno = db.sqliteConnection.map { sqlite3_system_errno($0) } ?? 0
            if db.isInsideTransaction {
                do {
                    try db.rollback()
                } catch {
                    // The first failure is the one to report; SQLite rolls back on close anyway.
                }
            }
            guard let error = error as? DatabaseError else { throw error }
            throw SQLiteSystemErrno(underlying: error, errno: sqliteErrno != 0 ? sqliteErrno : threadErrno)
        }
    }

    /// Adds buffered hits to the hit ledger. Hits of entries removed meanwhile are dropped.
    ///
    /// Rows are updated in the order of their ids, so that neighbouring updates share the pages they write.
    static func applyHits(_ hits: [EntryID: SQLiteHitBuffer.Tally], _ db: Database) throws {
        guard !hits.isEmpty else { return }
        let ordered = hits.sorted { left, right in
            switch (left.key, right.key) {
            case (.training(let a), .training(let b)), (.eval(let a), .eval(let b)): a < b
            case (.training, .eval): true
            case (.eval, .training): false
            }
        }
        for (entry, tally) in ordered {
            let (sql, id) =
                switch entry {
                case .training(let id): (addTrainingHitsSQL, id)
                case .eval(let id): (addEvalHitsSQL, id)
                }
            let lastHitAt = ISO8601Timestamp.format(tally.lastHitAt)
            try SQLiteQuery.execute(
                db, sql: sql, arguments: [.integer(Int64(tally.count)), .text(lastHitAt), .integer(id)])
        }
    }

    private static let addTrainingHitsSQL = """
        UPDATE training_runs SET hit_count = hit_count + ?, last_hit_at = max(coalesce(last_hit_at, ''), ?)
        WHERE id = ?
        """

    private static let addEvalHitsSQL = """
        UPDATE eval_results SET hit_count = hit_count + ?, last_hit_at = max(coalesce(last_hit_at, ''), ?)
        WHERE id = ?
        """

    /// The ``MOCacheError`` for anything thrown while using the database.
    func translate(_ error: any Error) -> any Error {
        SQLiteErrorTranslation.translate(error, path: path, busyTimeout: busyTimeout)
    }
}
