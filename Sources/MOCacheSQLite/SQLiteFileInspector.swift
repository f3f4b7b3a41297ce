import Foundation
import GRDBSQLite
import MOCacheCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Looks at an existing database file before GRDB opens it, without changing a byte of it.
///
/// GRDB writes as soon as it opens a file for writing (it switches it to WAL mode, and makes a
/// non-empty `-wal` by creating and dropping a table), so anything that must be refused (not a
/// database, damaged, another program's, a newer schema) is refused here first: by reading the file
/// header, then through a read-only SQLite connection of its own.
enum SQLiteFileInspector {
    /// How much of the file the inspection reads to look for damage, beyond the schema.
    enum PageCheck: Sendable, Equatable {
        /// Nothing more: damage shows when a query reaches it.
        case none
        /// `PRAGMA quick_check`: every page and every cell, about a millisecond per MiB.
        case full
        /// The structure of every b-tree and of the freelist, read from the file itself
        /// (``SQLitePageWalk``), several times cheaper than `quick_check`; `quick_check` judges whatever
        /// the walk finds. Only for a file whose `-wal` is missing or empty: the walk sees the file alone.
        case structure
    }

    /// What the inspection learned about a database file.
    struct Inspection: Sendable {
        /// `PRAGMA user_version`: the number of the last migration applied.
        var userVersion: Int
        /// The migration ids recorded in `grdb_migrations`, empty when the table does not exist.
        var migrationIDs: [String]
        /// Whether `grdb_migrations` exists.
        var hasMigrationTable: Bool
        /// The tables of the file, other than SQLite's and GRDB's own.
        var tables: [String]
        /// Whether the file had to be opened with `immutable=1`: a WAL database in a folder where its
        /// `-wal` and `-shm` files cannot be made.
        var needsImmutable: Bool
    }

    /// The first 16 bytes of every SQLite 3 database.
    private static let magic: [UInt8] = Array("SQLite format 3".utf8) + [0]

    // MARK: - Header

    /// Refuses a path that is not a regular file holding a plausible SQLite 3 database.
    ///
    /// Catches directories, empty files, text files, and truncated files, before SQLite sees them.
    static func checkFile(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            switch code {
            case ENOENT: throw MOCacheError.databaseMissing(path)
            case EACCES, EPERM: throw MOCacheError.permissionDenied(path)
            default: throw MOCacheError.storeFailure(path, detail: String(cString: strerror(code)))
            }
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR {
            throw MOCacheError.notADatabase(path, detail: "it is a directory")
        }
        guard kind == S_IFREG else {
            throw MOCacheError.notADatabase(path, detail: "it is not a regular file")
        }
        let size = Int64(info.st_size)
        if size == 0 {
            throw MOCacheError.notADatabase(path, detail: "the file is empty (0 bytes)")
        }
        let header = try readHeader(path)
        guard header.count >= 100 else {
            throw MOCacheError.notADatabase(
                path, detail: "the file is \(size) bytes, shorter than a SQLite header (truncated?)")
        }
        guard Array(header[0..<16]) == magic else {
            throw MOCacheError.notADatabase(path, detail: "it does not start with the SQLite 3 header")
        }
        let rawPageSize = Int64(header[16]) << 8 | Int64(header[17])
        let pageSize = rawPageSize == 1 ? 65536 : rawPageSize
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else {
            throw MOCacheError.notADatabase(path, detail: "its header names an impossible page size (\(rawPageSize))")
        }
        guard size % pageSize == 0 else {
            throw MOCacheError.notADatabase(
                path, detail: "the file is \(size) bytes, not a whole number of \(pageSize)-byte pages (truncated?)")
        }
        // The page count in the header is valid when the "version valid for" number matches the change
        // counter. A WAL file may hold pages that are not in the main file yet, so only check without one.
        let pageCount = bigEndian(header, 28)
        let changeCounter = bigEndian(header, 24)
        let validFor = bigEndian(header, 92)
        if validFor == changeCounter, pageCount > 0, !hasContent(path + "-wal"), size < pageCount * pageSize {
            throw MOCacheError.notADatabase(
                path,
                detail: "the file is \(size) bytes but its header counts \(pageCount) pages of \(pageSize) bytes "
                    + "(truncated?)")
        }
    }

    /// The first 100 bytes of the file, or fewer when it is shorter.
    private static func readHeader(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == EACCES || code == EPERM { throw MOCacheError.permissionDenied(path) }
            throw MOCacheError.storeFailure(path, detail: "cannot read it: \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 100)
        var filled = 0
        while filled < header.count {
            let count = header.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return Array(header[0..<filled])
    }

    private static func bigEndian(_ bytes: [UInt8], _ offset: Int) -> Int64 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int64($1) }
    }

    /// Whether the header says the file is in WAL mode (read and write versions 2), as every database
    /// mocache makes is. Call after ``checkFile(_:)`` accepted the file.
    static func isInWALMode(_ path: String) throws -> Bool {
        let header = try readHeader(path)
        return header.count >= 20 && header[18] == 2 && header[19] == 2
    }

    /// Whether a file exists and is not empty.
    static func hasContent(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_size > 0
    }

    // MARK: - Schema

    /// Reads the schema facts of a database file through a read-only connection.
    ///
    /// - Parameters:
    ///   - path: The file, already accepted by ``checkFile(_:)``.
    ///   - busyTimeout: How long to wait for a lock held by another process.
    ///   - check: How much of the file to read for damage, which is then found now rather than when a
    ///     query reaches it.
    ///   - allowImmutable: When the folder does not let this process make the `-shm` file of a WAL
    ///     database, open the file as immutable (no locks, no `-shm`), which is safe for reading a file
    ///     that nobody is writing.
    static func inspect(
        _ path: String, busyTimeout: TimeInterval, check: PageCheck, allowImmutable: Bool
    ) throws -> Inspection {
        do {
            return try inspect(path, uri: nil, busyTimeout: busyTimeout, check: check)
        } catch let failure as ConnectionFailure
            where allowImmutable && failure.isReadOnlyWALFailure && SQLiteImmutableURI.isSupported
        {
            var inspection = try translating(path, busyTimeout: busyTimeout) {
                try inspect(
                    path, uri: SQLiteImmutableURI.make(path), busyTimeout: busyTimeout, check: check)
            }
            inspection.needsImmutable = true
            return inspection
        } catch let failure as ConnectionFailure {
            throw failure.error(path: path, busyTimeout: busyTimeout)
        }
    }

    private static func translating<T>(_ path: String, busyTimeout: TimeInterval, _ body: () throws -> T) throws
        -> T
    {
        do {
            return try body()
        } catch let failure as ConnectionFailure {
            throw failure.error(path: path, busyTimeout: busyTimeout)
        }
    }

    private static func inspect(_ path: String, uri: String?, busyTimeout: TimeInterval, check: PageCheck) throws
        -> Inspection
    {
        var connection: OpaquePointer?
        var flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
        if uri != nil { flags |= SQLITE_OPEN_URI }
        let openCode = sqlite3_open_v2(uri ?? path, &connection, flags, nil)
        defer { sqlite3_close_v2(connection) }
        guard openCode == SQLITE_OK, let connection else {
            throw ConnectionFailure(connection: connection, code: openCode)
        }
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, Int32(clamping: Int(busyTimeout * 1000)))
        // One read transaction for everything below: the schema and any check see the same state, and
        // while it lasts no checkpoint writes into the file that the page walk reads.
        _ = try strings(connection, "BEGIN")

        let tables = try strings(
            connection,
            """
            SELECT name FROM sqlite_schema
            WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'grdb_migrations'
            ORDER BY name
            """)
        let hasMigrationTable =
            try strings(connection, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'grdb_migrations'")
            .isEmpty == false
        let migrationIDs =
            hasMigrationTable
            ? try strings(connection, "SELECT identifier FROM grdb_migrations ORDER BY identifier") : []
        let userVersion = Int(try strings(connection, "PRAGMA user_version").first ?? "0") ?? 0
        switch check {
        case .none:
            break
        case .full:
            try quickCheck(connection, path: path)
        case .structure:
            // The walk reads the file alone, which is the whole database only while the `-wal` is empty.
            // This read transaction's snapshot is taken by now: if the `-wal` is still empty, no checkpoint
            // can write into the file until it ends. If a writer came meanwhile, the file is in use, and
            // opening it will not write either.
            guard !hasContent(path + "-wal") else { break }
            let roots = try strings(connection, "SELECT rootpage FROM sqlite_schema WHERE rootpage > 0")
            // The walk knows less than SQLite: whatever it finds, or when it cannot read the file (a file
            // system without mmap), SQLite decides.
            let problem = Result {
                try SQLitePageWalk.firstProblem(path: path, rootPages: roots.compactMap { Int($0) })
            }
            if case .success(nil) = problem {} else { try quickCheck(connection, path: path) }
        }
        return Inspection(
            userVersion: userVersion, migrationIDs: migrationIDs, hasMigrationTable: hasMigrationTable,
            tables: tables, needsImmutable: false)
    }

    /// Runs `PRAGMA quick_check`, and refuses the file when it finds damage.
    private static func quickCheck(_ connection: OpaquePointer, path: String) throws {
        let problems = try strings(connection, "PRAGMA quick_check(5)")
        if problems != ["ok"] {
            throw MOCacheError.notADatabase(
                path, detail: "SQLite's quick_check found damage: \(problems.joined(separator: "; "))")
        }
    }

    /// Runs a query and returns its first column as text.
    private static func strings(_ connection: OpaquePointer, _ sql: String) throws -> [String] {
        var statement: OpaquePointer?
        let prepareCode = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        guard prepareCode == SQLITE_OK, let statement else {
            throw ConnectionFailure(connection: connection, code: prepareCode)
        }
        var values: [String] = []
        while true {
            let stepCode = sqlite3_step(statement)
            if stepCode == SQLITE_DONE { break }
            guard stepCode == SQLITE_ROW else {
                throw ConnectionFailure(connection: connection, code: stepCode)
            }
            values.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
        }
        return values
    }

    /// A failure of the inspection's own connection, with what SQLite said about it.
    private struct ConnectionFailure: Error {
        let code: Int32
        let message: String
        let systemErrno: Int32

        init(connection: OpaquePointer?, code: Int32) {
            self.code = code
            self.message =
                connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
                ?? String(cString: sqlite3_errstr(code))
            self.systemErrno = connection.map { sqlite3_system_errno($0) } ?? 0
        }

        /// Whether this is how SQLite refuses to read a WAL database whose `-shm` it cannot create.
        var isReadOnlyWALFailure: Bool {
            let primary = code & 0xff
            return primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN
        }

        func error(path: String, busyTimeout: TimeInterval) -> MOCacheError {
            let detail = "\(message) (SQLite error \(code))"
            switch code & 0xff {
            case SQLITE_NOTADB, SQLITE_CORRUPT:
                return MOCacheError.notADatabase(path, detail: detail)
            case SQLITE_BUSY, SQLITE_LOCKED:
                return MOCacheError.busy(path, seconds: busyTimeout)
            case SQLITE_READONLY:
                return MOCacheError.readOnly(path, detail: detail)
            case SQLITE_CANTOPEN:
                return SQLiteErrorTranslation.cannotOpen(path, detail: detail, systemErrno: systemErrno)
            case SQLITE_PERM, SQLITE_AUTH:
                return MOCacheError.permissionDenied(path)
            case SQLITE_FULL:
                return MOCacheError.diskFull(path, detail: detail)
            case SQLITE_IOERR where [ENOSPC, EFBIG, EDQUOT].contains(systemErrno):
                // Making the -shm index of a WAL database needs room too.
                return MOCacheError.diskFull(path, detail: "\(detail); \(String(cString: strerror(systemErrno)))")
            default:
                return MOCacheError.storeFailure(path, detail: detail)
            }
        }
    }
}
