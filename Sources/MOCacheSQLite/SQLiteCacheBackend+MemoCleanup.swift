import GRDB
import MOCacheCore

// MARK: - File hash memo cleanup

extension SQLiteCacheBackend {
    /// Forgets the memo entries of these paths, in one write transaction; see
    /// ``CacheBackend/removeFileHashMemos(paths:)``.
    @discardableResult
    public func removeFileHashMemos(paths: [String]) async throws -> Int {
        guard !paths.isEmpty else { return 0 }
        let unique = Array(Set(paths))
        return try await write { db in
            var removed = 0
            for path in unique {
                try SQLiteQuery.execute(db, sql: "DELETE FROM file_hash_memo WHERE path = ?", arguments: [.text(path)])
                removed += db.changesCount
            }
            return removed
        }
    }
}
