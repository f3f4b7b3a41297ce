import Foundation
import GRDB
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
/// header, then through a read-only GRDB connection of its own, closed before the store's pool opens.
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

    /// Reads the schema facts of a database file through a read-only GRDB connection of its own, closed
    /// again before the store's pool opens: the pool writes as soon as it opens a file for writing.
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
            do {
                return try inspect(path, location: path, busyTimeout: busyTimeout, check: check)
            } catch let failure where allowImmutable && isReadOnlyWALFailure(failure) && SQLiteImmutableURI.isSupported
            {
                var inspection = try inspect(
                    path, location: SQLiteImmutableURI.make(path), busyTimeout: busyTimeout, check: check)
                inspection.needsImmutable = true
                return inspection
            }
        } catch {
            throw SQLiteErrorTranslation.translate(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Whether this is how SQLite refuses to read a WAL database whose `-shm` it cannot create.
    private static func isReadOnlyWALFailure(_ error: any Error) -> Bool {
        let code = (error as? SQLiteSystemErrno)?.underlying.resultCode ?? (error as? DatabaseError)?.resultCode
        return code == .SQLITE_READONLY || code == .SQLITE_CANTOPEN
    }

    private static func inspect(_ path: String, location: String, busyTimeout: TimeInterval, check: PageCheck)
        throws -> Inspection
    {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "mocache.inspection"
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            // The file is first read here, before GRDB checks its format: a failure (no room for the -shm
            // index, no permission) is caught while the connection can still say which system call failed.
            try withSystemErrno(db) { _ = try Int.fetchOne(db, sql: "PRAGMA schema_version") }
        }
        let queue = try DatabaseQueue(path: location, configuration: configuration)
        defer {
            do {
                try queue.close()
            } catch {
                // Closing a read-only connection cannot lose anything.
            }
        }
        // One read transaction for everything below: the schema and any check see the same state, and
        // while it lasts no checkpoint writes into the file that the page walk reads.
        return try queue.read { db in
            try withSystemErrno(db) {
                let tables = try String.fetchAll(
                    db,
                    sql: """
                        SELECT name FROM sqlite_schema
                        WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'grdb_migrations'
                        ORDER BY name
                        """)
                let hasMigrationTable = try db.tableExists("grdb_migrations")
                let migrationIDs =
                    hasMigrationTable
                    ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") : []
                let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                switch check {
                case .none:
                    break
                case .full:
                    try quickCheck(db, path: path)
                case .structure:
                    // The walk reads the file alone, which is the whole database only while the `-wal` is
                    // empty. This read transaction's snapshot is taken by now: if the `-wal` is still empty,
                    // no checkpoint can write into the file until it ends. If a writer came meanwhile, the
                    // file is in use, and opening it will not write either.
                    guard !hasContent(path + "-wal") else { break }
                    let roots = try Int.fetchAll(db, sql: "SELECT rootpage FROM sqlite_schema WHERE rootpage > 0")
                    // The walk knows less than SQLite: whatever it finds, or when it cannot read the file (a
                    // file system without mmap), SQLite decides.
                    let problem = Result { try SQLitePageWalk.firstProblem(path: path, rootPages: roots) }
                    if case .success(nil) = problem {} else { try quickCheck(db, path: path) }
                }
                return Inspection(
                    userVersion: userVersion, migrationIDs: migrationIDs, hasMigrationTable: hasMigrationTable,
                    tables: tables, needsImmutable: false)
            }
        }
    }

    /// Runs `PRAGMA quick_check`, and refuses the file when it finds damage.
    private static func quickCheck(_ db: Database, path: String) throws {
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(5)")
        if problems != ["ok"] {
            throw MOCacheError.notADatabase(
                path, detail: "SQLite's quick_check found damage: \(problems.joined(separator: "; "))")
        }
    }

    /// Runs `body`, and adds to an SQLite error the `errno` of the connection's last failed system call,
    /// which tells a full disk or a permission from other failures.
    private static func withSystemErrno<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            let systemErrno = db.sqliteConnection.map { sqlite3_system_errno($0) } ?? 0
            throw SQLiteSystemErrno(underlying: error, errno: systemErrno)
        }
    }
}
