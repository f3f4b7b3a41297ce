import Foundation
import GRDB
import GRDBSQLite
import MOCacheCore

/// Runs statements through SQLite's C API: binds, steps, hands each row to a reader as ``SQLiteColumns``,
/// resets.
///
/// The statements are GRDB's (`cachedStatement` for fixed SQL, so each connection prepares them once), stepped
/// here without GRDB's `Row` and `StatementArguments` and without its bookkeeping of executing statements
/// (transaction observers, which the store does not use). The store reads this way, and writes this way
/// where it is hot: claiming and finishing entries (`SQLiteCacheBackend+Entries.swift`). Transactions begin
/// and end through GRDB (``SQLiteCacheBackend/inTransaction(_:_:)``), and the store's other, rarer writes
/// go through GRDB's `Statement.execute` (``SQLiteCacheBackend/execute(_:sql:arguments:)``).
enum SQLiteQuery {
    /// A value to bind to a statement parameter.
    enum Argument: Sendable {
        case text(String)
        case integer(Int64)
        case null

        /// Text, or NULL for `nil`.
        static func optionalText(_ text: String?) -> Argument {
            text.map { .text($0) } ?? .null
        }
    }

    /// Runs `sql` with `arguments` and returns what `read` makes of each row.
    ///
    /// - Parameter cached: Whether to keep the prepared statement for the next call (for fixed SQL).
    static func rows<T>(
        _ db: Database, cached: Bool, sql: String, arguments: [Argument], _ read: (SQLiteColumns) throws -> T
    ) throws -> [T] {
        let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        bind(arguments, to: handle)
        defer { clear(handle) }
        var results: [T] = []
        while try step(handle, db, sql) {
            results.append(try read(SQLiteColumns(handle: handle)))
        }
        return results
    }

    /// Runs fixed `sql` with `arguments` and returns what `read` makes of the first row, or `nil`.
    ///
    /// `sql` may write: an `INSERT` or `UPDATE` with `RETURNING` makes all its changes on the first step,
    /// and returns the rows it wrote.
    static func firstRow<T>(
        _ db: Database, sql: String, arguments: [Argument], _ read: (SQLiteColumns) throws -> T
    ) throws -> T? {
        let handle = try db.cachedStatement(sql: sql).sqliteStatement
        bind(arguments, to: handle)
        defer { clear(handle) }
        guard try step(handle, db, sql) else { return nil }
        return try read(SQLiteColumns(handle: handle))
    }

    /// Runs fixed `sql`, a statement that returns no rows, with `arguments`.
    static func execute(_ db: Database, sql: String, arguments: [Argument]) throws {
        let handle = try db.cachedStatement(sql: sql).sqliteStatement
        bind(arguments, to: handle)
        defer { clear(handle) }
        while try step(handle, db, sql) {}
    }

    /// Resets the statement and binds `arguments` to its parameters, in order.
    static func bind(_ arguments: [Argument], to handle: OpaquePointer) {
        sqlite3_reset(handle)
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            switch argument {
            case .text(let text): sqlite3_bind_text(handle, index, text, -1, transient)
            case .integer(let integer): sqlite3_bind_int64(handle, index, integer)
            case .null: sqlite3_bind_null(handle, index)
            }
        }
    }

    /// Steps once: `true` on a row, `false` when done.
    private static func step(_ handle: OpaquePointer, _ db: Database, _ sql: String) throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        case let code:
            let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }

    /// Leaves the statement reset, without bindings, ready for its next use.
    private static func clear(_ handle: OpaquePointer) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// `SQLITE_TRANSIENT`: SQLite copies bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
