import GRDBSQLite

/// A sibling database file holding a copy of the training runs in another ``TableShape``, made from the
/// measured database by `INSERT … SELECT` (through `ATTACH`), in WAL mode like the store's file, and
/// checkpointed, so that its size is the shape's size.
///
/// Each shape gets its own file, so that each is mapped whole by the store's `mmap_size` (1 GiB) and its
/// size reads off the file, as the measured database's does.
struct TableShapeFile {
    /// The shape.
    let shape: TableShape
    /// The file.
    let path: String

    /// Makes `shape-<slug>.sqlite` in `folder` from the `training_runs` table of the database at `source`.
    static func make(shape: TableShape, source: String, in folder: TemporaryFolder) throws -> TableShapeFile {
        let path = folder.file("shape-\(shape.slug).sqlite")
        // Set-up only: a big page cache for the random-order inserts, as BulkImport has.
        let connection = try RawSQLite(
            path: path, readOnly: false, pragmas: ["PRAGMA journal_mode = WAL", "PRAGMA cache_size = -262144"])
        try KeyDigest.registerFunctions(on: connection.handle)
        try run(connection, "ATTACH DATABASE ? AS source", binding: source)
        try connection.execute("BEGIN IMMEDIATE")
        for sql in shape.createSQL { try connection.execute(sql) }
        try connection.execute(shape.copySQL)
        try connection.execute("COMMIT")
        try connection.execute("DETACH DATABASE source")
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return TableShapeFile(shape: shape, path: path)
    }

    /// The bytes of the file and its WAL.
    func bytes() -> Int64 {
        BenchDatabase.bytes(path: path)
    }

    /// Runs one statement with one bound text value.
    private static func run(_ connection: RawSQLite, _ sql: String, binding value: String) throws {
        let statement = try connection.prepare(sql)
        var value = value
        let code = value.withUTF8 { text in
            RawSQLite.bindText(statement.handle, 1, text)
            return sqlite3_step(statement.handle)
        }
        guard code == SQLITE_DONE else {
            throw BenchError("\(sql) (\(value)): \(String(cString: sqlite3_errmsg(connection.handle)))")
        }
    }
}
