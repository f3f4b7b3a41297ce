import GRDBSQLite
import MOCache

/// The training-key lookup done through SQLite's C API: one prepared statement, bound, stepped, its
/// columns read in place, reset. What ``SQLiteCacheBackend/trainingRun(for:)`` does, minus everything a
/// wrapper adds (records, strings, dates, JSON): the floor.
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
        let handle = statement.handle
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        let code = key.backendID.withCString { backend in
            key.datasetHash.withCString { dataset in
                key.configHash.withCString { config in
                    // SQLITE_STATIC (nil): the strings outlive the step.
                    sqlite3_bind_text(handle, 1, backend, -1, nil)
                    sqlite3_bind_text(handle, 2, dataset, -1, nil)
                    sqlite3_bind_text(handle, 3, config, -1, nil)
                    return sqlite3_step(handle)
                }
            }
        }
        switch code {
        case SQLITE_ROW:
            return Self.readColumns(handle)
        case SQLITE_DONE:
            return nil
        default:
            throw BenchError("lookup failed: \(String(cString: sqlite3_errmsg(connection.handle)))")
        }
    }

    /// Reads every column of the current row in place (text bytes, integers), returning how many bytes of
    /// text it holds plus the integers' low bits, so that the reading cannot be optimized away. Shared with
    /// ``ShapedTrainingLookup``, so that every floor reads its row the same way.
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
