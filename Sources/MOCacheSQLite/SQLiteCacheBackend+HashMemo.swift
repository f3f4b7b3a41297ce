import Foundation
import GRDB
import MOCacheCore

// MARK: - File hash memo

extension SQLiteCacheBackend {
    /// The stored hash of a file whose path, device, inode, size and modification time all match.
    ///
    /// Device and inode numbers are unsigned 64-bit values, stored with the same bits in SQLite's
    /// signed integers.
    public func memoizedHash(for file: FileIdentity) async throws -> String? {
        try lookup(
            sql: """
                SELECT sha256 FROM file_hash_memo
                WHERE path = ? AND device = ? AND inode = ? AND size = ? AND mtime_ns = ?
                """,
            arguments: [
                .text(file.path), .integer(Int64(bitPattern: file.device)), .integer(Int64(bitPattern: file.inode)),
                .integer(file.size), .integer(file.modificationTimeNanoseconds),
            ]
        ) { row in try SQLiteRows.string(row, 0, "file_hash_memo.sha256") }
    }

    /// Stores a file's hash for its current identity, replacing whatever was stored for its path.
    public func memoizeHash(_ sha256: String, for file: FileIdentity) async throws {
        try await write { db in
            try SQLiteQuery.execute(
                db,
                sql: """
                    INSERT INTO file_hash_memo (path, device, inode, size, mtime_ns, sha256, hashed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (path) DO UPDATE
                    SET device = excluded.device, inode = excluded.inode, size = excluded.size,
                        mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256, hashed_at = excluded.hashed_at
                    """,
                arguments: [
                    .text(file.path), .integer(Int64(bitPattern: file.device)),
                    .integer(Int64(bitPattern: file.inode)), .integer(file.size),
                    .integer(file.modificationTimeNanoseconds), .text(sha256), .text(ISO8601Timestamp.format(Date())),
                ])
        }
    }

    /// Every memo entry, by path.
    public func fileHashMemos() async throws -> [FileHashMemo] {
        try await read { db in try Self.fetchMemos(db) }
    }

    /// Every memo entry, by path.
    static func fetchMemos(_ db: Database) throws -> [FileHashMemo] {
        try SQLiteQuery.rows(
            db, cached: false,
            sql: "SELECT path, device, inode, size, mtime_ns, sha256 FROM file_hash_memo ORDER BY path",
            arguments: [], memo)
    }

    /// A memo from a row of `path, device, inode, size, mtime_ns, sha256`.
    private static func memo(_ row: SQLiteColumns) throws -> FileHashMemo {
        let file = FileIdentity(
            path: try SQLiteRows.string(row, 0, "file_hash_memo.path"),
            device: UInt64(bitPattern: try SQLiteRows.integer(row, 1, "file_hash_memo.device")),
            inode: UInt64(bitPattern: try SQLiteRows.integer(row, 2, "file_hash_memo.inode")),
            size: try SQLiteRows.integer(row, 3, "file_hash_memo.size"),
            modificationTimeNanoseconds: try SQLiteRows.integer(row, 4, "file_hash_memo.mtime_ns"))
        return FileHashMemo(file: file, sha256: try SQLiteRows.string(row, 5, "file_hash_memo.sha256"))
    }
}
