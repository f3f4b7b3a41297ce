import MOCacheCore

/// The fixed SELECTs of the point lookups, each prepared once per lookup connection.
///
/// The raw value indexes the statements a connection keeps, so finding a prepared statement costs an
/// array access rather than hashing its SQL.
enum SQLiteLookupStatement: Int, CaseIterable {
    /// A training run by key: backend, dataset hash, config hash.
    case trainingRun
    /// An evaluation result by key: backend, model id, task, params hash.
    case evalResult
    /// A dataset upload: backend, dataset hash.
    case datasetUpload
    /// A memoized hash: path, device, inode, size, modification time.
    case fileHashMemo

    /// The statement's SQL.
    var sql: String {
        switch self {
        case .trainingRun:
            """
            SELECT \(SQLiteRows.trainingColumns) FROM training_runs
            WHERE backend = ? AND dataset_hash = ? AND config_hash = ?
            """
        case .evalResult:
            """
            SELECT \(SQLiteRows.evalColumns) FROM eval_results
            WHERE backend = ? AND model_id = ? AND task = ? AND params_hash = ?
            """
        case .datasetUpload:
            "SELECT file_id, uploaded_at FROM dataset_uploads WHERE backend = ? AND dataset_hash = ?"
        case .fileHashMemo:
            """
            SELECT sha256 FROM file_hash_memo
            WHERE path = ? AND device = ? AND inode = ? AND size = ? AND mtime_ns = ?
            """
        }
    }

    /// Every statement's SQL, by raw value, computed once.
    static let allSQL: [String] = allCases.map(\.sql)
}
