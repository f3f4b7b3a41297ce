import MOCacheCore

/// The `training_runs` table, for the shared claim and finish code (``SQLiteEntryTable``).
enum SQLiteTrainingTable: SQLiteEntryTable {
    static let lookupSQL = """
        SELECT \(SQLiteRows.trainingColumns) FROM training_runs
        WHERE backend = ? AND dataset_hash = ? AND config_hash = ?
        """

    static let insertSQL = """
        INSERT INTO training_runs (
            backend, dataset_hash, config_hash, config_json, status, created_at, host, pid, lease_owner,
            lease_expires_at)
        VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)
        RETURNING \(SQLiteRows.trainingColumns)
        """

    static let takeOverSQL = """
        UPDATE training_runs
        SET status = 'pending', host = ?, pid = ?, lease_owner = ?, lease_expires_at = ?,
            lease_fence = lease_fence + 1
        WHERE id = ?
        RETURNING \(SQLiteRows.trainingColumns)
        """

    static let resetSQL = """
        UPDATE training_runs
        SET status = 'pending', config_json = ?, job_id = NULL, model_id = NULL, metadata_json = NULL,
            error = NULL, started_at = NULL, finished_at = NULL, host = ?, pid = ?, lease_owner = ?,
            lease_expires_at = ?, lease_fence = lease_fence + 1
        WHERE id = ?
        RETURNING \(SQLiteRows.trainingColumns)
        """

    // A stored success is never taken back by a late report of a job start. The first start time is
    // kept: a re-attached job has been running since then.
    static let jobStartedSQL = """
        UPDATE training_runs
        SET status = 'running', job_id = ?, started_at = coalesce(started_at, ?), host = ?, pid = ?
        WHERE backend = ? AND dataset_hash = ? AND config_hash = ? AND status <> 'succeeded'
            AND (? IS NULL OR lease_fence = ?)
        """

    static let succeedSQL = """
        UPDATE training_runs
        SET status = 'succeeded', model_id = ?, metadata_json = ?, error = NULL, finished_at = ?,
            lease_owner = NULL, lease_expires_at = NULL
        WHERE backend = ? AND dataset_hash = ? AND config_hash = ? AND status <> 'succeeded'
            AND (? IS NULL OR lease_fence = ?)
        RETURNING \(SQLiteRows.trainingColumns)
        """

    static let endSQL = """
        UPDATE training_runs
        SET status = ?, model_id = NULL, metadata_json = NULL, error = ?, finished_at = ?, lease_owner = NULL,
            lease_expires_at = NULL
        WHERE backend = ? AND dataset_hash = ? AND config_hash = ? AND lease_owner = ?
            AND (? IS NULL OR lease_fence = ?)
        RETURNING \(SQLiteRows.trainingColumns)
        """

    static let renewSQL = """
        UPDATE training_runs SET lease_expires_at = ?
        WHERE backend = ? AND dataset_hash = ? AND config_hash = ? AND lease_owner = ?
            AND (? IS NULL OR lease_fence = ?)
        """

    static let fenceSQL = "SELECT lease_fence FROM training_runs WHERE id = ?"

    static func keyArguments(_ key: TrainingKey) -> [SQLiteQuery.Argument] {
        [.text(key.backendID), .text(key.datasetHash), .text(key.configHash)]
    }

    static func record(_ row: SQLiteColumns, key: TrainingKey) throws -> TrainingRunRecord {
        try SQLiteRows.trainingRun(row, key: key)
    }

    static func entryKey(_ key: TrainingKey) -> EntryKey {
        .training(key)
    }

    static func missingEntry(_ key: TrainingKey, path: String) -> MOCacheError {
        .missingEntry(.training(key), path: path)
    }

    /// The values a success stores: model id and metadata.
    static func successArguments(modelID: String, metadataJSON: String?) -> [SQLiteQuery.Argument] {
        [.text(modelID), .optionalText(metadataJSON)]
    }
}
