import Foundation
import GRDB
import GRDBSQLite
import Logging
import MOCacheCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The open sequence of ``SQLiteCacheBackend``: checks, creation, migration, and the connection pool.
///
/// Read-only access never creates or changes anything. Read-write access, under an exclusive lock on
/// `<database>.lock` so that concurrent processes take turns:
/// 1. creates the folder;
/// 2. creates a missing database at a temporary path in the same folder, with the whole schema, and
///    renames it into place, so that no process ever sees a half-made database;
/// 3. inspects an existing file without changing it (``SQLiteFileInspector``), and refuses one that is
///    not a database, is damaged, is another program's, or has a newer schema: a damaged file is
///    refused whatever its size whenever opening it would write (``checkBeforeWriting()``);
/// 4. opens the pool (which switches the file to WAL mode) and applies the missing migrations.
struct SQLiteDatabaseOpener: Sendable {
    let path: String
    let mode: SQLiteCacheBackend.Access
    let busyTimeout: TimeInterval
    let logger: Logger

    /// Files up to this size are fully checked (`PRAGMA quick_check`) when they are opened, so that
    /// damage is reported at once and before anything is written. It costs about a millisecond per MiB.
    /// Bigger files get a cheaper check of their structure when opening them for writing would write
    /// (``checkBeforeWriting()``); otherwise they rely on SQLite noticing damage when it reads it, and on
    /// ``SQLiteCacheBackend/verify()``.
    static let quickCheckLimit: Int64 = 32 << 20

    /// The pragmas every connection of the pool runs when it opens.
    ///
    /// A 64 MiB page cache and 1 GiB of the file mapped into memory keep lookups in a large database
    /// nearly as fast as in a small one.
    static let connectionPragmas = [
        "PRAGMA cache_size = -65536", "PRAGMA mmap_size = 1073741824", "PRAGMA temp_store = MEMORY",
    ]

    /// Opens the database, doing the blocking work (file checks, the lock, SQLite) on a thread of its
    /// own rather than on Swift's cooperative pool.
    func open() async throws -> DatabasePool {
        try await BlockingWork.run { try openSynchronously() }
    }

    private func openSynchronously() throws -> DatabasePool {
        guard sqlite3_libversion_number() >= SQLiteSchema.minimumSQLiteVersionNumber else {
            throw MOCacheError.sqliteTooOld(
                found: String(cString: sqlite3_libversion()), required: SQLiteSchema.minimumSQLiteVersion)
        }
        switch mode {
        case .readOnly: return try openReadOnly()
        case .readWrite: return try openReadWrite()
        }
    }

    // MARK: - Read-only

    private func openReadOnly() throws -> DatabasePool {
        try SQLiteFileInspector.checkFile(path)
        let inspection = try SQLiteFileInspector.inspect(
            path, busyTimeout: busyTimeout, check: fileSize() <= Self.quickCheckLimit ? .full : .none,
            allowImmutable: true)
        try checkSchema(inspection)
        if !inspection.hasMigrationTable {
            throw MOCacheError(
                .databaseMissing,
                "\(path) is an empty SQLite database: mocache has not written to it yet. Open it for reading "
                    + "and writing to create the schema, or open another database.",
                path: path)
        }
        if inspection.userVersion < SQLiteSchema.supportedVersion {
            let message =
                "\(path) has schema version \(inspection.userVersion), older than \(SQLiteSchema.supportedVersion): "
                + "reading it as it is. Open it for writing once to upgrade it."
            logger.notice("\(message)")
        }
        if inspection.needsImmutable {
            logger.debug("\(path) is a WAL database in a read-only folder: reading it as immutable")
        }
        let location = inspection.needsImmutable ? SQLiteImmutableURI.make(path) : path
        do {
            return try DatabasePool(path: location, configuration: configuration())
        } catch {
            throw translate(error)
        }
    }

    // MARK: - Read-write

    private func openReadWrite() throws -> DatabasePool {
        let folder = (path as NSString).deletingLastPathComponent
        try createFolder(folder)
        let lock = try SQLiteFileLock.acquire(path + ".lock", databasePath: path, timeout: busyTimeout)
        defer { lock.release() }

        if try !fileExists() {
            try createDatabase(in: folder)
        } else {
            try SQLiteFileInspector.checkFile(path)
            let check = try checkBeforeWriting()
            let inspection = try SQLiteFileInspector.inspect(
                path, busyTimeout: busyTimeout, check: check, allowImmutable: false)
            try checkSchema(inspection)
            if check != .full, inspection.migrationIDs != SQLiteSchema.migrationIDs {
                // Migrating writes: the whole file is checked first, whatever its size.
                _ = try SQLiteFileInspector.inspect(path, busyTimeout: busyTimeout, check: .full, allowImmutable: false)
            }
            try checkWritable(folder: folder)
        }

        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration())
        } catch {
            throw translate(error)
        }
        errno = 0
        do {
            try migrateIfNeeded(pool)
        } catch {
            // SQLite reports a full disk or quota (EFBIG, EDQUOT) as a mere I/O error: the errno of the
            // failed system call tells them apart. SQLite keeps it per connection, but not for every
            // failure; the thread's errno (cleared above) still holds it then, as in `inTransaction`.
            let threadErrno = errno
            let sqliteErrno = pool.writeWithoutTransaction { db in
                db.sqliteConnection.map { sqlite3_system_errno($0) }
            }
            try? pool.close()
            throw SQLiteErrorTranslation.translate(
                error, path: path, busyTimeout: busyTimeout,
                systemErrno: sqliteErrno.flatMap { $0 != 0 ? $0 : nil } ?? threadErrno)
        }
        return pool
    }

    /// How much of an existing file to check before opening it for writing.
    ///
    /// Opening a file for writing writes before any query runs: GRDB switches a file that is not in WAL
    /// mode to it, and when its `-wal` is missing or empty (as after every clean close) creates and drops
    /// a table, which the next checkpoint copies into the file. A damaged file must be refused before
    /// that, whatever its size. A small file gets `quick_check`; a big one the walk over its structure
    /// (``SQLitePageWalk``, which says why it is kept: about 90 times cheaper than `quick_check`), whose
    /// findings `quick_check` confirms. A big file whose non-empty `-wal` shows that it is in use is not
    /// written when opened, and is not read in full here either.
    private func checkBeforeWriting() throws -> SQLiteFileInspector.PageCheck {
        if fileSize() <= Self.quickCheckLimit { return .full }
        if try !SQLiteFileInspector.isInWALMode(path) || !SQLiteFileInspector.hasContent(path + "-wal") {
            return .structure
        }
        return .none
    }

    /// Whether the database file exists. A symbolic link to nothing is an error, not a missing file:
    /// creating the database would replace the link.
    private func fileExists() throws -> Bool {
        var info = stat()
        if stat(path, &info) == 0 { return true }
        let code = errno
        guard code == ENOENT else {
            if code == EACCES || code == EPERM { throw MOCacheError.permissionDenied(path) }
            throw MOCacheError.storeFailure(path, detail: String(cString: strerror(code)))
        }
        if lstat(path, &info) == 0 {
            throw MOCacheError.notADatabase(path, detail: "it is a symbolic link to a file that does not exist")
        }
        return false
    }

    private func fileSize() -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    /// Makes `folder` and its missing parents.
    private func createFolder(_ folder: String) throws {
        var current = ""
        for component in folder.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) == 0 { continue }
            let code = errno
            var info = stat()
            if code == EEXIST || code == EACCES || code == EROFS, stat(current, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    throw MOCacheError.storeFailure(
                        path, detail: "cannot create its folder: \(current) is a file, not a folder")
                }
                continue
            }
            switch code {
            case EACCES, EPERM, EROFS:
                throw MOCacheError.readOnly(
                    path, detail: "cannot create the folder \(current): \(String(cString: strerror(code)))")
            default:
                throw MOCacheError.storeFailure(
                    path, detail: "cannot create the folder \(current): \(String(cString: strerror(code)))")
            }
        }
    }

    /// Refuses, before SQLite writes anything, a database whose file or folder this process cannot write.
    private func checkWritable(folder: String) throws {
        if access(path, W_OK) != 0 {
            throw MOCacheError.readOnly(path, detail: "the file is read-only")
        }
        if access(folder, W_OK) != 0 {
            throw MOCacheError.readOnly(
                path, detail: "its folder \(folder) is read-only, and SQLite keeps its -wal and -shm files there")
        }
    }

    /// Creates the database with the whole schema at a temporary path, then renames it into place.
    private func createDatabase(in folder: String) throws {
        let name = (path as NSString).lastPathComponent
        let token = UUID().uuidString.prefix(8).lowercased()
        let temporary = "\(folder)/.\(name).creating-\(getpid())-\(token)"
        // A process killed while creating the database left its temporary files behind. Nobody else is
        // creating one while this process holds the lock, so any found now are such leftovers.
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where leftover.hasPrefix(".\(name).creating-") {
            unlink("\(folder)/\(leftover)")
        }
        defer {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
        }
        var queue: DatabaseQueue?
        errno = 0
        do {
            let created = try DatabaseQueue(path: temporary, configuration: configuration())
            queue = created
            try SQLiteSchema.migrator().migrate(created)
            let mode = try created.writeWithoutTransaction { db in
                try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            }
            guard mode == "wal" else {
                throw MOCacheError.storeFailure(path, detail: "SQLite refused WAL mode (journal mode \(mode ?? "?"))")
            }
            try created.close()
        } catch {
            // SQLite reports a full disk or quota (EFBIG, EDQUOT) as a mere I/O error: the errno of the
            // failed system call tells them apart. SQLite keeps it per connection, but not for every
            // failure; the thread's errno (cleared above) still holds it then, as in `inTransaction`.
            let threadErrno = errno
            let sqliteErrno = queue?.inDatabase { db in db.sqliteConnection.map { sqlite3_system_errno($0) } } ?? 0
            try? queue?.close()
            throw SQLiteErrorTranslation.translate(
                error, path: path, busyTimeout: busyTimeout, systemErrno: sqliteErrno != 0 ? sqliteErrno : threadErrno)
        }
        try syncFile(temporary)
        guard rename(temporary, path) == 0 else {
            let code = errno
            throw MOCacheError.storeFailure(
                path, detail: "cannot move the new database into place: \(String(cString: strerror(code)))")
        }
        try syncFile(folder)
        logger.info("Created the mocache database \(path) (schema version \(SQLiteSchema.supportedVersion))")
    }

    private func syncFile(_ file: String) throws {
        let descriptor = openReadOnlyDescriptor(file)
        guard descriptor >= 0 else {
            throw MOCacheError.storeFailure(path, detail: "cannot open \(file): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            let code = errno
            if code == ENOSPC || code == EDQUOT {
                throw MOCacheError.diskFull(path, detail: String(cString: strerror(code)))
            }
            throw MOCacheError.storeFailure(path, detail: "cannot sync \(file): \(String(cString: strerror(code)))")
        }
    }

    /// Applies the migrations the database lacks, if any, and says so.
    private func migrateIfNeeded(_ pool: DatabasePool) throws {
        let migrator = SQLiteSchema.migrator()
        let (isComplete, version) = try pool.read { db in
            (try migrator.hasCompletedMigrations(db), try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
        }
        guard !isComplete else { return }
        try migrator.migrate(pool)
        logger.notice(
            "Migrated the mocache database \(path) from schema version \(version) to \(SQLiteSchema.supportedVersion)")
    }

    // MARK: - Checks and settings

    /// Refuses a database with a newer schema, and a SQLite file that belongs to another program.
    private func checkSchema(_ inspection: SQLiteFileInspector.Inspection) throws {
        let known = Set(SQLiteSchema.migrationIDs)
        let unknown = inspection.migrationIDs.filter { !known.contains($0) }
        let looksLikeOurs = unknown.filter { EmbeddedMigration(id: $0, sql: "").version > 0 }
        if unknown.count > looksLikeOurs.count {
            throw MOCacheError.notADatabase(
                path,
                detail: "it is another program's SQLite database (migrations \(unknown.joined(separator: ", ")))")
        }
        if inspection.userVersion > SQLiteSchema.supportedVersion || !looksLikeOurs.isEmpty {
            let newest = looksLikeOurs.map { EmbeddedMigration(id: $0, sql: "").version }.max() ?? 0
            throw MOCacheError.schemaTooNew(
                path, found: max(inspection.userVersion, newest), supported: SQLiteSchema.supportedVersion)
        }
        if !inspection.hasMigrationTable && !inspection.tables.isEmpty {
            throw MOCacheError.notADatabase(
                path,
                detail: "it is another program's SQLite database (tables \(inspection.tables.joined(separator: ", ")))"
            )
        }
    }

    /// The GRDB configuration of every connection.
    func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.readonly = mode == .readOnly
        configuration.label = "mocache"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        let busyMilliseconds = Int32(clamping: Int((busyTimeout * 1000).rounded()))
        configuration.prepareDatabase { db in
            // GRDB gives pool readers a fixed 10 s timeout; every connection gets the store's instead.
            if let connection = db.sqliteConnection {
                sqlite3_busy_timeout(connection, busyMilliseconds)
            }
            for pragma in Self.connectionPragmas {
                try db.execute(sql: pragma)
            }
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        return configuration
    }

    private func translate(_ error: any Error) -> any Error {
        SQLiteErrorTranslation.translate(error, path: path, busyTimeout: busyTimeout)
    }
}

/// `open(path, O_RDONLY)`, out of reach of ``SQLiteDatabaseOpener/open()``'s name.
private func openReadOnlyDescriptor(_ path: String) -> Int32 {
    open(path, O_RDONLY | O_CLOEXEC)
}
