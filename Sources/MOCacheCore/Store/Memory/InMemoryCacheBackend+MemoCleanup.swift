// MARK: - File hash memo cleanup

extension InMemoryCacheBackend {
    @discardableResult
    public func removeFileHashMemos(paths: [String]) async throws -> Int {
        var removed = 0
        for path in Set(paths) where memos.removeValue(forKey: path) != nil {
            removed += 1
        }
        return removed
    }
}
