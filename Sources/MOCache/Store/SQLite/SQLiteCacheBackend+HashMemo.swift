import Foundation
import GRDB

// MARK: - File hash memo

extension SQLiteCacheBackend {
    /// The stored hash of a file whose path, device, inode, size and modification time all match.
    ///
    /// Device and inode numbers are unsigned 64-bit values, stored with the same bits in SQLite's
    /// signed integers.
    public func memoizedHash(for file: FileIdentity) async throws -> String? {
        try lookup { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT sha256 FROM file_hash_memo
                    WHERE path = ? AND device = ? AND inode = ? AND size = ? AND mtime_ns = ?
                    """)
            return try String.fetchOne(statement, arguments: Self.memoArguments(file))
        }
    }

    /// Stores a file's hash for its current identity, replacing whatever was stored for its path.
    public func memoizeHash(_ sha256: String, for file: FileIdentity) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO file_hash_memo (path, device, inode, size, mtime_ns, sha256, hashed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (path) DO UPDATE
                    SET device = excluded.device, inode = excluded.inode, size = excluded.size,
                        mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256, hashed_at = excluded.hashed_at
                    """,
                arguments: Self.memoArguments(file) + [sha256, SQLiteTimestamp.string(from: Date())])
        }
    }

    /// Every memo entry, by path.
    public func fileHashMemos() async throws -> [FileHashMemo] {
        try await read { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT path, device, inode, size, mtime_ns, sha256 FROM file_hash_memo ORDER BY path")
            var memos: [FileHashMemo] = []
            while let row = try rows.next() {
                memos.append(try Self.memo(row))
            }
            return memos
        }
    }

    /// A memo from a row of `path, device, inode, size, mtime_ns, sha256`.
    static func memo(_ row: Row) throws -> FileHashMemo {
        let file = FileIdentity(
            path: try SQLiteRows.string(row, 0, "file_hash_memo.path"),
            device: UInt64(bitPattern: try SQLiteRows.integer(row, 1, "file_hash_memo.device")),
            inode: UInt64(bitPattern: try SQLiteRows.integer(row, 2, "file_hash_memo.inode")),
            size: try SQLiteRows.integer(row, 3, "file_hash_memo.size"),
            modificationTimeNanoseconds: try SQLiteRows.integer(row, 4, "file_hash_memo.mtime_ns"))
        return FileHashMemo(file: file, sha256: try SQLiteRows.string(row, 5, "file_hash_memo.sha256"))
    }

    private static func memoArguments(_ file: FileIdentity) -> StatementArguments {
        [
            file.path, Int64(bitPattern: file.device), Int64(bitPattern: file.inode), file.size,
            file.modificationTimeNanoseconds,
        ]
    }
}
