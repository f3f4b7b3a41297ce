import MOCacheCore

/// A stored row that cannot be read back: damaged JSON, invalid UTF-8, a broken time, an unknown status.
///
/// ``SQLiteCacheBackend/verify()`` lists every such row; the listings skip them (``SQLiteCacheBackend/
/// skippedRows``) instead of failing on all rows for one.
public struct UnreadableRow: Hashable, Codable, Sendable {
    /// The table, `training_runs` or `eval_results`.
    public let table: String
    /// The row id.
    public let rowID: Int64
    /// The column that cannot be read, such as `training_runs.config_json`.
    public let column: String
    /// What is wrong with it.
    public let detail: String

    /// Makes an entry.
    public init(table: String, rowID: Int64, column: String, detail: String) {
        self.table = table
        self.rowID = rowID
        self.column = column
        self.detail = detail
    }

    /// The entry the row is.
    public var entryID: EntryID {
        table == "eval_results" ? .eval(rowID) : .training(rowID)
    }
}
