import MOCacheCore

/// The `eval_results` table, for the shared claim and finish code (``SQLiteEntryTable``).
enum SQLiteEvalTable: SQLiteEntryTable {
    static let lookupSQL = """
        SELECT \(SQLiteRows.evalColumns) FROM eval_results
        WHERE backend = ? AND model_id = ? AND task = ? AND params_hash = ?
        """

    static let insertSQL = """
        INSERT INTO eval_results (
            backend, model_id, task, params_hash, params_json, status, created_at, host, pid, lease_owner,
            lease_expires_at)
        VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)
        RETURNING \(SQLiteRows.evalColumns)
        """

    static let takeOverSQL = """
        UPDATE eval_results
        SET status = 'pending', host = ?, pid = ?, lease_owner = ?, lease_expires_at = ?,
            lease_fence = lease_fence + 1
        WHERE id = ?
        RETURNING \(SQLiteRows.evalColumns)
        """

    static let resetSQL = """
        UPDATE eval_results
        SET status = 'pending', params_json = ?, job_id = NULL, metrics_json = NULL, sample_count = NULL,
            log_path = NULL, error = NULL, started_at = NULL, finished_at = NULL, host = ?, pid = ?,
            lease_owner = ?, lease_expires_at = ?, lease_fence = lease_fence + 1
        WHERE id = ?
        RETURNING \(SQLiteRows.evalColumns)
        """

    // An evaluation without a job id of its own keeps the one it had.
    static let jobStartedSQL = """
        UPDATE eval_results
        SET status = 'running', job_id = coalesce(?, job_id), started_at = coalesce(started_at, ?), host = ?,
            pid = ?
        WHERE backend = ? AND model_id = ? AND task = ? AND params_hash = ? AND status <> 'succeeded'
            AND (? IS NULL OR lease_fence = ?)
        """

    static let succeedSQL = """
        UPDATE eval_results
        SET status = 'succeeded', metrics_json = ?, sample_count = ?, log_path = ?, error = NULL, finished_at = ?,
            lease_owner = NULL, lease_expires_at = NULL
        WHERE backend = ? AND model_id = ? AND task = ? AND params_hash = ? AND status <> 'succeeded'
            AND (? IS NULL OR lease_fence = ?)
        RETURNING \(SQLiteRows.evalColumns)
        """

    static let endSQL = """
        UPDATE eval_results
        SET status = ?, metrics_json = NULL, sample_count = NULL, error = ?, finished_at = ?, lease_owner = NULL,
            lease_expires_at = NULL
        WHERE backend = ? AND model_id = ? AND task = ? AND params_hash = ? AND lease_owner = ?
            AND (? IS NULL OR lease_fence = ?)
        RETURNING \(SQLiteRows.evalColumns)
        """

    static let renewSQL = """
        UPDATE eval_results SET lease_expires_at = ?
        WHERE backend = ? AND model_id = ? AND task = ? AND params_hash = ? AND lease_owner = ?
            AND (? IS NULL OR lease_fence = ?)
        """

    static let fenceSQL = "SELECT lease_fence FROM eval_results WHERE id = ?"

    static func keyArguments(_ key: EvalKey) -> [SQLiteQuery.Argument] {
        [.text(key.backendID), .text(key.modelID), .text(key.task), .text(key.paramsHash)]
    }

    static func record(_ row: SQLiteColumns, key: EvalKey) throws -> EvalResultRecord {
        try SQLiteRows.evalResult(row, key: key)
    }

    static func entryKey(_ key: EvalKey) -> EntryKey {
        .eval(key)
    }

    static func missingEntry(_ key: EvalKey, path: String) -> MOCacheError {
        .missingEntry(.eval(key), path: path)
    }

    /// The values a success stores: metrics, sample count and log path.
    static func successArguments(metricsJSON: String, sampleCount: Int?, logPath: String?)
        -> [SQLiteQuery.Argument]
    {
        [.text(metricsJSON), sampleCount.map { .integer(Int64($0)) } ?? .null, .optionalText(logPath)]
    }
}
