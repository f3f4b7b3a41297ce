import Foundation
import GRDB
import GRDBSQLite
import MOCacheCore
import Synchronization

/// Read-only SQLite connections kept for the cache-hit lookups, each with its prepared statements.
///
/// A lookup through the GRDB pool pays for the pool's bookkeeping (a dispatch queue hop, a semaphore, a
/// `PRAGMA schema_version` to validate GRDB's schema cache) several times over the cost of the lookup
/// itself. The hit path (``SQLiteCacheBackend/trainingRun(for:)`` and the other point lookups) takes a
/// connection from here instead: a mutex-protected stack of plain SQLite connections, opened read-only on
/// the same file with the same settings, that step one prepared statement in autocommit (a single
/// SELECT is atomic) and go back on the stack. Everything else uses the pool.
///
/// It owns the connections and their statements, and closes them in ``close()``. A connection is used by
/// one thread at a time: the one that popped it.
final class SQLiteLookupConnections: Sendable {
    /// One connection and the statements prepared on it, by SQL.
    private final class Connection: @unchecked Sendable {
        // @unchecked: only the thread that popped the connection from the stack touches it.
        let handle: OpaquePointer
        var statements: [OpaquePointer?] = Array(repeating: nil, count: SQLiteLookupStatement.allCases.count)

        init(handle: OpaquePointer) {
            self.handle = handle
        }

        func statement(_ lookup: SQLiteLookupStatement) throws -> OpaquePointer {
            if let statement = statements[lookup.rawValue] { return statement }
            let sql = SQLiteLookupStatement.allSQL[lookup.rawValue]
            var statement: OpaquePointer?
            let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
            guard code == SQLITE_OK, let statement else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
            }
            statements[lookup.rawValue] = statement
            return statement
        }

        func close() {
            for statement in statements { sqlite3_finalize(statement) }
            statements = []
            sqlite3_close_v2(handle)
        }
    }

    private struct State {
        var idle: [Connection] = []
        var open = 0
        var closed = false
    }

    /// What SQLite opens: the database path, or its `file:` URI when it is read as immutable.
    private let location: String
    private let busyMilliseconds: Int32
    private let state = Mutex(State())

    /// At most this many connections are kept; lookups beyond them wait for the pool instead.
    static let maximumCount = 8

    /// Prepares to open connections to `location` on demand.
    init(location: String, busyTimeout: TimeInterval) {
        self.location = location
        self.busyMilliseconds = Int32(clamping: Int((busyTimeout * 1000).rounded()))
    }

    /// Runs a lookup with `arguments` on a lookup connection and returns what `read` makes of the first
    /// row, or `nil` when there is none. Returns `.unavailable` when every connection is busy, or the
    /// store is closed, so that the caller uses the pool.
    func firstRow<T>(
        _ lookup: SQLiteLookupStatement, arguments: [SQLiteQuery.Argument], _ read: (SQLiteColumns) throws -> T
    ) throws -> Lookup<T> {
        guard let connection = try take() else { return .unavailable }
        defer { give(connection) }
        let handle = try connection.statement(lookup)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        let code = Self.withArguments(arguments[...], boundTo: handle, from: 1) { sqlite3_step(handle) }
        switch code {
        case SQLITE_ROW:
            return .found(try read(SQLiteColumns(handle: handle)))
        case SQLITE_DONE:
            return .missing
        case let code:
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection.handle)),
                sql: SQLiteLookupStatement.allSQL[lookup.rawValue])
        }
    }

    /// Binds `arguments` without copying them (`SQLITE_STATIC`), runs `body`, which steps the statement,
    /// while the bound text is alive, and returns what it returns.
    private static func withArguments<R>(
        _ arguments: ArraySlice<SQLiteQuery.Argument>, boundTo handle: OpaquePointer, from index: Int32,
        _ body: () -> R
    ) -> R {
        guard let first = arguments.first else { return body() }
        let rest = arguments.dropFirst()
        switch first {
        case .text(let text):
            return text.withCString { pointer in
                sqlite3_bind_text(handle, index, pointer, -1, nil)
                return withArguments(rest, boundTo: handle, from: index + 1, body)
            }
        case .integer(let integer):
            sqlite3_bind_int64(handle, index, integer)
            return withArguments(rest, boundTo: handle, from: index + 1, body)
        case .null:
            sqlite3_bind_null(handle, index)
            return withArguments(rest, boundTo: handle, from: index + 1, body)
        }
    }

    /// What a lookup found.
    enum Lookup<T> {
        case found(T)
        case missing
        /// No lookup connection was free: ask the pool.
        case unavailable
    }

    /// Closes every idle connection and refuses new lookups; busy ones close when they come back.
    func close() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle = [] }
            state.open -= state.idle.count
            return state.idle
        }
        for connection in idle { connection.close() }
    }

    // MARK: - The stack

    private func take() throws -> Connection? {
        enum Decision {
            case reuse(Connection)
            case open
            case none
        }
        let decision = state.withLock { state -> Decision in
            if state.closed { return .none }
            if let connection = state.idle.popLast() { return .reuse(connection) }
            guard state.open < Self.maximumCount else { return .none }
            state.open += 1
            return .open
        }
        switch decision {
        case .reuse(let connection):
            return connection
        case .none:
            return nil
        case .open:
            do {
                return try openConnection()
            } catch {
                state.withLock { $0.open -= 1 }
                throw error
            }
        }
    }

    private func give(_ connection: Connection) {
        let keep = state.withLock { state -> Bool in
            guard !state.closed else {
                state.open -= 1
                return false
            }
            state.idle.append(connection)
            return true
        }
        if !keep { connection.close() }
    }

    private func openConnection() throws -> Connection {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let code = sqlite3_open_v2(location, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) }
            sqlite3_close_v2(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyMilliseconds)
        for pragma in SQLiteDatabaseOpener.connectionPragmas {
            let pragmaCode = sqlite3_exec(handle, pragma, nil, nil, nil)
            guard pragmaCode == SQLITE_OK else {
                let message = String(cString: sqlite3_errmsg(handle))
                sqlite3_close_v2(handle)
                throw DatabaseError(resultCode: ResultCode(rawValue: pragmaCode), message: message, sql: pragma)
            }
        }
        return Connection(handle: handle)
    }
}
