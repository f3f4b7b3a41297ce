import GRDBSQLite

/// A connection through SQLite's C API with nothing in between: the baseline of the lookup scenarios.
///
/// It owns one `sqlite3` handle. It is used from one task at a time, never shared between threads.
final class RawSQLite {
    /// The connection.
    let handle: OpaquePointer

    /// Opens `path` read-only (as the store's reader connections are) and runs `pragmas` on it.
    init(path: String, readOnly: Bool = true, pragmas: [String]) throws {
        var connection: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            throw BenchError("sqlite3_open_v2(\(path)): \(message)")
        }
        handle = connection
        for pragma in pragmas { try execute(pragma) }
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs SQL with no result rows.
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw BenchError("\(sql): \(message)")
        }
    }

    /// Prepares one statement, kept for the connection's life.
    func prepare(_ sql: String) throws -> RawStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
            let statement
        else {
            throw BenchError("cannot prepare \(sql): \(String(cString: sqlite3_errmsg(handle)))")
        }
        return RawStatement(statement)
    }

    /// The text of `PRAGMA name` (or any one-value query).
    func scalarText(_ sql: String) throws -> String? {
        let statement = try prepare(sql)
        guard sqlite3_step(statement.handle) == SQLITE_ROW, let text = sqlite3_column_text(statement.handle, 0) else {
            return nil
        }
        return String(cString: text)
    }

    /// Binds text in place (`SQLITE_STATIC`), with its length in bytes: a NUL in it is data, not an end.
    /// The bytes must stay alive until the statement is reset or bound again.
    @discardableResult
    static func bindText(_ statement: OpaquePointer, _ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let start = bytes.baseAddress else {
            // An empty buffer may have no address, and a NULL pointer would bind NULL, not "".
            return sqlite3_bind_text64(statement, index, "", 0, transient, UInt8(SQLITE_UTF8))
        }
        return UnsafeRawPointer(start).withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
            sqlite3_bind_text64(statement, index, text, UInt64(bytes.count), nil, UInt8(SQLITE_UTF8))
        }
    }

    /// `SQLITE_TRANSIENT`: SQLite copies bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// The version of the SQLite library, such as `3.40.1`.
    static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

/// A prepared statement of a ``RawSQLite`` connection, finalized with it.
final class RawStatement {
    /// The statement.
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        sqlite3_finalize(handle)
    }
}
