import GRDBSQLite
import MOCache

/// The least a lookup through SQLite's C API can cost on the store's file: `SELECT id FROM training_runs
/// WHERE id = ?` with a rowid known beforehand (one descent of the table's B-tree, one integer read), on a
/// connection opened as ``RawTrainingLookup``'s is. Set beside the floor by ``TableShapeBreakdown``, it shows
/// how much of the floor is a statement's fixed cost (bind, step, the read transaction it opens, reset)
/// that no table shape removes.
final class RowidProbe {
    private let connection: RawSQLite
    private let probe: RawStatement

    /// Opens the database read-only with the store's pragmas and prepares the probe.
    init(path: String) throws {
        connection = try RawSQLite(path: path, pragmas: RawTrainingLookup.storePragmas)
        probe = try connection.prepare("SELECT id FROM training_runs WHERE id = ?")
    }

    /// The rowid of each key's run, looked up once beforehand (untimed).
    func rowids(of keys: [TrainingKey]) throws -> [Int64] {
        let find = try connection.prepare(
            "SELECT id FROM training_runs WHERE backend = ? AND dataset_hash = ? AND config_hash = ?")
        return try keys.map { key in
            guard let id = try RawTrainingLookup.lookup(find.handle, key, read: { sqlite3_column_int64($0, 0) }) else {
                throw BenchError("breakdown: no run for \(key)")
            }
            return id
        }
    }

    /// Looks the run with rowid `id` up; returns its id, or `nil` when there is no row.
    func lookup(_ id: Int64) throws -> Int? {
        let handle = probe.handle
        defer { sqlite3_reset(handle) }
        sqlite3_bind_int64(handle, 1, id)
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return Int(sqlite3_column_int64(handle, 0))
        case SQLITE_DONE: return nil
        default: throw BenchError("rowid probe failed: \(String(cString: sqlite3_errmsg(connection.handle)))")
        }
    }
}
