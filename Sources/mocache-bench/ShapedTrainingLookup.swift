import GRDBSQLite
import MOCache

/// The raw C-API floor of a training-key lookup on another ``TableShape``: what ``RawTrainingLookup`` does on
/// the store's table, done on a copy of its rows shaped otherwise. One prepared statement, the store's
/// pragmas, the key (and its digest, for shapes that need one, computed on every lookup as a store would)
/// bound, stepped, the columns read in place, reset.
final class ShapedTrainingLookup {
    /// The shape looked up.
    let shape: TableShape
    private let connection: RawSQLite
    private let statement: RawStatement

    /// Opens the shape's file read-only with the store's pragmas and prepares the lookup.
    init(path: String, shape: TableShape) throws {
        self.shape = shape
        connection = try RawSQLite(path: path, pragmas: RawTrainingLookup.storePragmas)
        statement = try connection.prepare(shape.lookupSQL)
    }

    /// Looks `key` up; returns what ``RawTrainingLookup/readColumns(_:)`` returns, or `nil` when there is no
    /// row.
    ///
    /// - Parameter digest: The key's ``KeyDigest/sha256(_:)`` when computed beforehand (to time SQLite's
    ///   part alone); `nil` computes it here, as a store would on every lookup.
    func lookup(_ key: TrainingKey, digest given: [UInt8]? = nil) throws -> Int? {
        let handle = statement.handle
        let digest = shape.usesDigest ? given ?? KeyDigest.sha256(key) : []
        return try digest.withUnsafeBytes { digestBytes in
            // SQLITE_STATIC (nil): the digest outlives the step.
            switch shape {
            case .keyWithoutRowid:
                return try RawTrainingLookup.lookup(handle, key)
            case .digestRowid:
                sqlite3_bind_int64(handle, 1, KeyDigest.rowid(digest))
                return try RawTrainingLookup.lookup(handle, key, from: 2)
            case .sha256Index:
                sqlite3_bind_blob(handle, 1, digestBytes.baseAddress, Int32(digestBytes.count), nil)
                return try RawTrainingLookup.lookup(handle, key, from: 2)
            }
        }
    }

    /// SQLite's plan for the lookup (`EXPLAIN QUERY PLAN`), its steps joined by `; `, to show which
    /// B-trees a lookup descends.
    func queryPlan() throws -> String {
        let plan = try connection.prepare("EXPLAIN QUERY PLAN \(shape.lookupSQL)")
        var steps: [String] = []
        while sqlite3_step(plan.handle) == SQLITE_ROW {
            if let text = sqlite3_column_text(plan.handle, 3) { steps.append(String(cString: text)) }
        }
        return steps.joined(separator: "; ")
    }
}
