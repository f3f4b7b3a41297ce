import MOCacheCore

/// A stored value the SQLite store cannot read back: damaged JSON, an unknown status, a malformed time.
///
/// Thrown while decoding rows, where the database path is not at hand; the store turns it into a
/// ``MOCacheError`` naming the database and the column.
struct SQLiteUnreadableValue: Error {
    /// The column that holds the value.
    let column: String
    /// What is wrong with it.
    let detail: String
}
