import Foundation
import GRDB
import GRDBSQLite
import MOCache

/// Where the time of a store lookup goes: the same lookup built up layer by layer through GRDB, on the
/// same file with the store's settings, each layer timed on its own (`lookup --breakdown`).
///
/// These layers document why ``SQLiteCacheBackend`` reads the way it does: `sqlite3_*` calls on GRDB's
/// statements, on the pool's writer connection while no write wants it (layers 1, 1b, 5 and 6), deferring
/// the parse of `config_json` (layer 4).
///
/// 1. a reader connection from a `DatabasePool` (`unsafeRead`) doing nothing; (1b) the pool's writer
///    connection (`writeWithoutTransaction`) doing nothing;
/// 2. plus the cached statement, its arguments and one `Row` from a cursor (GRDB's usual way);
/// 3. plus reading the 19 columns into Swift values (strings, integers), as a row decoder does;
/// 4. parsing the `config_json` text into a ``JSONValue`` (on its own) with ``JSONValue/init(parsing:)``, and
///    (4b) with Foundation's `JSONDecoder` and `JSONValue`'s `Decodable` conformance;
/// 5. the same statement driven through `sqlite3_*` calls on GRDB's statement handle (no `Row`, no
///    `StatementArguments`), reading the columns into Swift values;
/// 6. as 5, on the pool's writer connection instead of a reader, which skips the pool's reader checkout and
///    GRDB's `PRAGMA schema_version` check on every read: the store's hit path (`SQLiteWriterSharing`).
///
/// What other table shapes would give the raw floor itself is ``TableShapeBreakdown``'s part.
enum LookupBreakdown {
    /// The timed layers, in the order above.
    static func measure(path: String, keys: [TrainingKey], warmup: Int) async throws -> [Measurement] {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            for pragma in RawTrainingLookup.storePragmas { try db.execute(sql: pragma) }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        defer { try? pool.close() }
        let sql =
            "SELECT \(RawTrainingLookup.columns) FROM training_runs "
            + "WHERE backend = ? AND dataset_hash = ? AND config_hash = ?"
        let count = keys.count - warmup
        var results: [Measurement] = []

        results.append(
            Measurement(
                "1. DatabasePool.unsafeRead { _ in } (get a reader)",
                try await Stopwatch.measure(count: count, warmup: warmup) { _ in try pool.unsafeRead { _ in } }))

        results.append(
            Measurement(
                "1b. DatabasePool.writeWithoutTransaction { _ in } (the writer connection)",
                try await Stopwatch.measure(count: count, warmup: warmup) { _ in try onWriter(pool) { _ in } }))

        results.append(
            Measurement(
                "2. + cachedStatement, arguments, Row.fetchCursor.next()",
                try await Stopwatch.measure(count: count, warmup: warmup) { index in
                    let key = keys[index]
                    let found = try pool.unsafeRead { db -> Bool in
                        let statement = try db.cachedStatement(sql: sql)
                        let rows = try Row.fetchCursor(
                            statement, arguments: [key.backendID, key.datasetHash, key.configHash])
                        return try rows.next() != nil
                    }
                    if !found { throw BenchError("breakdown: a key was not found") }
                }))

        results.append(
            Measurement(
                "3. + the 19 columns read into Swift values",
                try await Stopwatch.measure(count: count, warmup: warmup) { index in
                    let key = keys[index]
                    let found = try pool.unsafeRead { db -> Bool in
                        let statement = try db.cachedStatement(sql: sql)
                        let rows = try Row.fetchCursor(
                            statement, arguments: [key.backendID, key.datasetHash, key.configHash])
                        guard let row = try rows.next() else { return false }
                        return Self.decode(row) > 0
                    }
                    if !found { throw BenchError("breakdown: a key was not found") }
                }))

        let configText = BulkImport.configJSON(12_345)
        results.append(
            Measurement(
                "4. JSONValue(parsing:) of one config_json (\(configText.utf8.count) bytes)",
                try await Stopwatch.measure(count: count, warmup: warmup) { _ in
                    guard case .object = try JSONValue(parsing: configText) else {
                        throw BenchError("breakdown: config is not an object")
                    }
                }))

        results.append(
            Measurement(
                "4b. JSONDecoder().decode(JSONValue.self) of the same text (the store's way at 70aea6d)",
                try await Stopwatch.measure(count: count, warmup: warmup) { _ in
                    guard case .object = try JSONDecoder().decode(JSONValue.self, from: Data(configText.utf8)) else {
                        throw BenchError("breakdown: config is not an object")
                    }
                }))

        results.append(
            Measurement(
                "5. unsafeRead + sqlite3_* on GRDB's statement, columns into Swift values",
                try await Stopwatch.measure(count: count, warmup: warmup) { index in
                    let key = keys[index]
                    let found = try pool.unsafeRead { db -> Bool in
                        let statement = try db.cachedStatement(sql: sql)
                        return try Self.stepDirectly(statement.sqliteStatement, key) > 0
                    }
                    if !found { throw BenchError("breakdown: a key was not found") }
                }))

        results.append(
            Measurement(
                "6. the pool's writer (writeWithoutTransaction) + sqlite3_* as in 5: the store's hit path",
                try await Stopwatch.measure(count: count, warmup: warmup) { index in
                    let key = keys[index]
                    let found = try onWriter(pool) { db -> Bool in
                        let statement = try db.cachedStatement(sql: sql)
                        return try Self.stepDirectly(statement.sqliteStatement, key) > 0
                    }
                    if !found { throw BenchError("breakdown: a key was not found") }
                }))

        return results
    }

    /// Runs `body` on the pool's writer connection, synchronously, as the store's lookups do.
    private static func onWriter<T>(_ pool: DatabasePool, _ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction(body)
    }

    /// Reads every column the way the store's decoder does, returning a checksum.
    private static func decode(_ row: Row) -> Int {
        var total = 0
        for index in 0..<row.count {
            if let text = row[index] as String? {
                total += text.utf8.count
            } else if let number = row[index] as Int64? {
                total += Int(number & 1)
            }
        }
        return total
    }

    /// Binds, steps and reads the columns into Swift values with SQLite's C API on a GRDB statement.
    private static func stepDirectly(_ statement: SQLiteStatement, _ key: TrainingKey) throws -> Int {
        try RawTrainingLookup.lookup(statement, key, read: readIntoSwiftValues) ?? 0
    }

    /// Reads every column of the current row into Swift values (strings, integers), returning a checksum.
    private static func readIntoSwiftValues(_ statement: SQLiteStatement) -> Int {
        var total = 0
        for column in 0..<sqlite3_column_count(statement) {
            switch sqlite3_column_type(statement, column) {
            case SQLITE_TEXT:
                if let text = sqlite3_column_text(statement, column) {
                    let length = Int(sqlite3_column_bytes(statement, column))
                    let string = String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self)
                    total += string.utf8.count
                }
            case SQLITE_INTEGER:
                total += Int(sqlite3_column_int64(statement, column) & 1)
            default:
                break
            }
        }
        return total
    }
}
