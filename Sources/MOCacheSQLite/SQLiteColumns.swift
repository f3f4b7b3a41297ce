import Foundation
import GRDB
import GRDBSQLite
import MOCacheCore

/// The current result row of a prepared statement, read in place through SQLite's C API.
///
/// The store's hot path reads rows this way instead of through GRDB's `Row`, which builds a dictionary of
/// lowercased column names for every cursor: for a one-row lookup that costs more than the lookup itself.
/// Values are only valid until the statement steps again or is reset; the readers copy them out.
struct SQLiteColumns {
    /// The statement, positioned on a row.
    let handle: OpaquePointer

    /// Whether the column holds NULL.
    func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// The column as text, or `nil` for NULL.
    func optionalString(_ index: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeRawBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column as an integer, or `nil` for NULL.
    func optionalInteger(_ index: Int32) -> Int64? {
        isNull(index) ? nil : sqlite3_column_int64(handle, index)
    }

    /// Calls `body` with the column's UTF-8 bytes, or with `nil` for NULL, without copying them.
    func withBytes<T>(_ index: Int32, _ body: (UnsafeRawBufferPointer?) throws -> T) rethrows -> T {
        guard let text = sqlite3_column_text(handle, index) else { return try body(nil) }
        let count = Int(sqlite3_column_bytes(handle, index))
        return try body(UnsafeRawBufferPointer(start: text, count: count))
    }
}
