import Foundation
import GRDB
import GRDBSQLite
import MOCacheCore

// MARK: - Compaction

extension SQLiteCacheBackend {
    /// Rebuilds the database file without its free pages, after writing the counted hits, and empties
    /// the write-ahead log, as `mocache vacuum` does.
    ///
    /// Worth it after removing many entries. It rewrites the whole file, needs free disk space of about
    /// its size, and holds the write lock meanwhile: other processes wait (up to their busy timeout).
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/readOnly`` on a read-only store,
    ///   ``MOCacheError/Code/diskFull`` without room for the copy.
    public func vacuum() async throws {
        guard access == .readWrite else {
            throw MOCacheError.readOnly(path, detail: "this store was opened for reading only")
        }
        try await flushHits()
        do {
            try await writerSharing.write {
                try await pool.writeWithoutTransaction { db in
                    do {
                        try db.execute(sql: "VACUUM")
                        try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                    } catch let error as DatabaseError {
                        let systemErrno = db.sqliteConnection.map { sqlite3_system_errno($0) } ?? 0
                        throw SQLiteSystemErrno(underlying: error, errno: systemErrno)
                    }
                }
            }
        } catch {
            throw translate(error)
        }
    }
}
