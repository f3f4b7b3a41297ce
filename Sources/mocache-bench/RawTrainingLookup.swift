import GRDBSQLite
import MOCache

/// The training-key lookup done through SQLite's C API: one prepared statement, bound, stepped, its
/// columns read in place, reset. What ``SQLiteCacheBackend/trainingRun(for:)`` does, minus everything a
/// wrapper adds (records, strings, dates, JSON): the floor.
///
/// ``lookup(_:_:from:read:)`` is the one raw lookup of the bench: the floor, the other table shapes
/// (``ShapedTrainingLookup``), the rowid probe (``RowidProbe``) and the breakdown's layers on GRDB's
/// statements (``LookupBreakdown``) all bind and step a key through it.
final class RawTrainingLookup {
    /// The columns the store selects for a training run (`SQLiteRows.trainingColumns`), in its order.
    static let columns = """
        id, backend, dataset_hash, config_hash, config_json, status, job_id, model_id, metadata_json, error, \
        created_at, started_at, finished_at, host, pid, lease_owner, lease_expires_at, hit_count, last_hit_at
        """

    /// The pragmas the store sets on every connection (`SQLiteDatabaseOpener.configuration()`).
    static let storePragmas = [
        "PRAGMA cache_size = -65536", "PRAGMA mmap_size = 1073741824", "PRAGMA temp_store = MEMORY",
    ]

    private let connection: RawSQLite
    private let statement: RawStatement

    /// The columns a wrapper's hit uses (`TrainingFlight.model(from:)`, and the id to count the hit).
    static let hitColumns = "id, status, job_id, model_id, metadata_json"

    /// Opens the database read-only with the store's pragmas (or `pragmas`) and prepares the lookup of
    /// `columns` (the store's 19 unless told).
    init(path: String, pragmas: [String] = storePragmas, columns: String = columns) throws {
        connection = try RawSQLite(path: path, pragmas: pragmas)
        statement = try connection.prepare(
            "SELECT \(columns) FROM training_runs WHERE backend = ? AND dataset_hash = ? AND config_hash = ?")
    }

    /// Looks `key` up; returns how many bytes of text the row holds (so that reading the columns cannot
    /// be optimized away), or `nil` when there is no row.
    func lookup(_ key: TrainingKey) throws -> Int? {
        try Self.lookup(statement.handle, key)
    }

    /// Binds `key` to parameters `first`, `first + 1` and `first + 2` of `statement` (backend, dataset
    /// hash, config hash: their bytes in place, with their length), steps once, and returns what `read`
    /// makes of the row, or `nil` when there is none. Leaves the statement reset, without bindings; other
    /// parameters, bound before the call, must stay alive until it returns.
    static func lookup<T>(
        _ statement: OpaquePointer, _ key: TrainingKey, from first: Int32 = 1,
        read: (OpaquePointer) -> T = readColumns
    ) throws -> T? {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        var (backend, dataset, config) = (key.backendID, key.datasetHash, key.configHash)
        let code = backend.withUTF8 { backend in
            dataset.withUTF8 { dataset in
                config.withUTF8 { config in
                    RawSQLite.bindText(statement, first, backend)
                    RawSQLite.bindText(statement, first + 1, dataset)
                    RawSQLite.bindText(statement, first + 2, config)
                    return sqlite3_step(statement)
                }
            }
        }
        switch code {
        case SQLITE_ROW:
            return read(statement)
        case SQLITE_DONE:
            return nil
        default:
            throw BenchError("lookup failed: \(String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))))")
        }
    }

    /// Reads every column of the current row in place (text bytes, integers), returning how many bytes of
    /// text it holds plus the integers' low bits, so that the reading cannot be optimized away: how every
    /// floor reads its row.
    static func readColumns(_ handle: OpaquePointer) -> Int {
        var bytes = 0
        for column in 0..<sqlite3_column_count(handle) {
            switch sqlite3_column_type(handle, column) {
            case SQLITE_TEXT:
                if sqlite3_column_text(handle, column) != nil { bytes += Int(sqlite3_column_bytes(handle, column)) }
            case SQLITE_INTEGER:
                bytes &+= Int(truncatingIfNeeded: sqlite3_column_int64(handle, column)) & 1
            default:
                break
            }
        }
        return bytes
    }
}
