import Foundation
import GRDB
import GRDBSQLite
import MOCacheCore

/// Runs statements through SQLite's C API: binds, steps, hands each row to a reader as ``SQLiteColumns``,
/// resets.
///
/// The statements are GRDB's (`cachedStatement` for fixed SQL, so each connection prepares them once),
/// reached through GRDB's escape hatch `Statement.sqliteStatement` and stepped here without GRDB's `Row`
/// and `StatementArguments` and without its bookkeeping of executing statements (transaction observers,
/// which the store does not use). Every statement of the store runs this way: the reads, the hit lookups
/// (``SQLiteCacheBackend/lookup(sql:arguments:_:)``) and the writes. Transactions begin and end through
/// GRDB (``SQLiteCacheBackend/inTransaction(_:_:)``).
///
/// Text is bound with its length in bytes, so a NUL in a value is stored as part of it. GRDB 7.10 binds a
/// Swift `String` with length -1 (SQLite then reads up to the first NUL, cutting `model\0tail` to
/// `model`), so no text the store stores goes through `StatementArguments`.
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

        /// An integer, or NULL for `nil`.
        static func optionalInteger(_ integer: (some BinaryInteger)?) -> Argument {
            integer.map { .integer(Int64($0)) } ?? .null
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
        return try withArguments(arguments[...], boundTo: handle) {
            var results: [T] = []
            while try step(handle, db, sql) {
                results.append(try read(SQLiteColumns(handle: handle)))
            }
            return results
        }
    }

    /// Runs fixed `sql` with `arguments` and returns what `read` makes of the first row, or `nil`.
    ///
    /// `sql` may write: an `INSERT` or `UPDATE` with `RETURNING` makes all its changes on the first step,
    /// and returns the rows it wrote.
    static func firstRow<T>(
        _ db: Database, sql: String, arguments: [Argument], _ read: (SQLiteColumns) throws -> T
    ) throws -> T? {
        let handle = try db.cachedStatement(sql: sql).sqliteStatement
        return try withArguments(arguments[...], boundTo: handle) {
            guard try step(handle, db, sql) else { return nil }
            return try read(SQLiteColumns(handle: handle))
        }
    }

    /// Runs fixed `sql`, a statement that returns no rows, with `arguments`.
    static func execute(_ db: Database, sql: String, arguments: [Argument]) throws {
        let handle = try db.cachedStatement(sql: sql).sqliteStatement
        try withArguments(arguments[...], boundTo: handle) {
            while try step(handle, db, sql) {}
        }
    }

    /// Binds `arguments` to the parameters of the statement from `index` on, in order, runs `body`, which
    /// steps it, then leaves it reset and without bindings.
    ///
    /// Text is bound in place (`SQLITE_STATIC`: no copy), with its length in bytes, and stays alive until
    /// `body` returns and the statement is reset.
    private static func withArguments<R>(
        _ arguments: ArraySlice<Argument>, boundTo handle: OpaquePointer, from index: Int32 = 1,
        _ body: () throws -> R
    ) throws -> R {
        if index == 1 { sqlite3_reset(handle) }
        guard let argument = arguments.first else {
            defer {
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
            }
            return try body()
        }
        let rest = arguments.dropFirst()
        switch argument {
        case .text(let text):
            var text = text
            return try text.withUTF8 { bytes in
                try bytes.withMemoryRebound(to: CChar.self) { characters in
                    // An empty buffer may have no address, and a NULL pointer would bind NULL, not "".
                    let code =
                        if let start = characters.baseAddress {
                            sqlite3_bind_text64(handle, index, start, UInt64(characters.count), nil, UInt8(SQLITE_UTF8))
                        } else {
                            sqlite3_bind_text64(handle, index, "", 0, transient, UInt8(SQLITE_UTF8))
                        }
                    try check(code, binding: index, of: handle)
                    return try withArguments(rest, boundTo: handle, from: index + 1, body)
                }
            }
        case .integer(let integer):
            try check(sqlite3_bind_int64(handle, index, integer), binding: index, of: handle)
            return try withArguments(rest, boundTo: handle, from: index + 1, body)
        case .null:
            try check(sqlite3_bind_null(handle, index), binding: index, of: handle)
            return try withArguments(rest, boundTo: handle, from: index + 1, body)
        }
    }

    /// Throws unless binding parameter `index` succeeded (it fails for text beyond SQLite's size limit).
    private static func check(_ code: Int32, binding index: Int32, of handle: OpaquePointer) throws {
        guard code != SQLITE_OK else { return }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        throw DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: "cannot bind parameter \(index): \(String(cString: sqlite3_errstr(code)))",
            sql: sqlite3_sql(handle).map { String(cString: $0) })
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

    /// `SQLITE_TRANSIENT`: SQLite copies bound text before the call returns (only for empty text, which has
    /// no address of its own).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
