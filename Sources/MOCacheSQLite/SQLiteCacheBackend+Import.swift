import Foundation
import GRDB
import MOCacheCore

// MARK: - Import

extension SQLiteCacheBackend {
    /// Merges succeeded training runs made elsewhere, all in one write transaction; see
    /// ``CacheBackend/importTrainingRuns(_:overwrite:)``.
    public func importTrainingRuns(_ runs: [TrainingRunRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        guard !runs.isEmpty else { return [] }
        let rows = try runs.map { run in
            try ImportedTrainingRow(run)
        }
        return try await write { db in
            try Self.importTrainingRows(rows, overwrite: overwrite, db)
        }
    }

    /// Merges a whole import in one write transaction; see ``CacheBackend/importRecords(_:overwrite:)``.
    public func importRecords(_ batch: ImportBatch, overwrite: Bool) async throws -> ImportDispositions {
        guard !batch.isEmpty else { return ImportDispositions(trainingRuns: [], evalResults: [], datasetUploads: []) }
        let runs = try batch.trainingRuns.map { run in
            try ImportedTrainingRow(run)
        }
        let results = try batch.evalResults.map { result in
            try ImportedEvalRow(result)
        }
        let uploads = batch.datasetUploads
        return try await write { db in
            ImportDispositions(
                trainingRuns: try Self.importTrainingRows(runs, overwrite: overwrite, db),
                evalResults: try Self.importEvalRows(results, overwrite: overwrite, db),
                datasetUploads: try Self.importUploads(uploads, overwrite: overwrite, db))
        }
    }

    /// Merges training runs inside the caller's transaction.
    private static func importTrainingRows(_ rows: [ImportedTrainingRow], overwrite: Bool, _ db: Database) throws
        -> [ImportDisposition]
    {
        try rows.map { row in
            let stored = try Self.fetchEntry(SQLiteTrainingTable.self, row.key, db)
            let decision = ImportRule.decide(
                storedStatus: stored?.status, sameResult: stored?.modelID == row.modelID, overwrite: overwrite)
            switch (decision, stored) {
            case (.keep, let stored?):
                return .unchanged(.training(stored.id))
            case (.conflict, let stored?):
                return .conflict(.training(stored.id))
            case (.replace, let stored?):
                try SQLiteQuery.execute(
                    db,
                    sql: """
                        UPDATE training_runs
                        SET config_json = ?, status = 'succeeded', job_id = ?, model_id = ?, metadata_json = ?,
                            error = NULL, created_at = ?, started_at = ?, finished_at = ?, host = ?, pid = ?,
                            lease_owner = NULL, lease_expires_at = NULL
                        WHERE id = ?
                        """,
                    arguments: row.updateArguments + [.integer(stored.id)])
                return .replaced(.training(stored.id))
            default:
                try SQLiteQuery.execute(
                    db,
                    sql: """
                        INSERT INTO training_runs (
                            backend, dataset_hash, config_hash, config_json, status, job_id, model_id,
                            metadata_json, created_at, started_at, finished_at, host, pid)
                        VALUES (?, ?, ?, ?, 'succeeded', ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: SQLiteTrainingTable.keyArguments(row.key) + row.updateArguments)
                return .inserted(.training(db.lastInsertedRowID))
            }
        }
    }

    /// Merges succeeded eval results made elsewhere, all in one write transaction; see
    /// ``CacheBackend/importEvalResults(_:overwrite:)``.
    public func importEvalResults(_ results: [EvalResultRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        guard !results.isEmpty else { return [] }
        let rows = try results.map { result in
            try ImportedEvalRow(result)
        }
        return try await write { db in
            try Self.importEvalRows(rows, overwrite: overwrite, db)
        }
    }

    /// Merges eval results inside the caller's transaction.
    private static func importEvalRows(_ rows: [ImportedEvalRow], overwrite: Bool, _ db: Database) throws
        -> [ImportDisposition]
    {
        try rows.map { row in
            let stored = try Self.fetchEntry(SQLiteEvalTable.self, row.key, db)
            let decision = ImportRule.decide(
                storedStatus: stored?.status, sameResult: stored?.metrics == row.metrics, overwrite: overwrite)
            switch (decision, stored) {
            case (.keep, let stored?):
                return .unchanged(.eval(stored.id))
            case (.conflict, let stored?):
                return .conflict(.eval(stored.id))
            case (.replace, let stored?):
                try SQLiteQuery.execute(
                    db,
                    sql: """
                        UPDATE eval_results
                        SET params_json = ?, status = 'succeeded', job_id = ?, metrics_json = ?, sample_count = ?,
                            log_path = ?, error = NULL, created_at = ?, started_at = ?, finished_at = ?, host = ?,
                            pid = ?, lease_owner = NULL, lease_expires_at = NULL
                        WHERE id = ?
                        """,
                    arguments: row.updateArguments + [.integer(stored.id)])
                return .replaced(.eval(stored.id))
            default:
                try SQLiteQuery.execute(
                    db,
                    sql: """
                        INSERT INTO eval_results (
                            backend, model_id, task, params_hash, params_json, status, job_id, metrics_json,
                            sample_count, log_path, created_at, started_at, finished_at, host, pid)
                        VALUES (?, ?, ?, ?, ?, 'succeeded', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: SQLiteEvalTable.keyArguments(row.key) + row.updateArguments)
                return .inserted(.eval(db.lastInsertedRowID))
            }
        }
    }

    /// Merges dataset uploads inside the caller's transaction.
    private static func importUploads(_ uploads: [DatasetUpload], overwrite: Bool, _ db: Database) throws
        -> [DatasetUploadDisposition]
    {
        try uploads.map { upload in
            let stored = try SQLiteQuery.firstRow(
                db, sql: "SELECT file_id FROM dataset_uploads WHERE backend = ? AND dataset_hash = ?",
                arguments: [.text(upload.backendID), .text(upload.datasetHash)]
            ) { row in
                DatasetUpload(
                    backendID: upload.backendID, datasetHash: upload.datasetHash,
                    fileID: try SQLiteRows.string(row, 0, "dataset_uploads.file_id"), uploadedAt: upload.uploadedAt)
            }
            let decision = ImportRule.decide(upload: upload, stored: stored, overwrite: overwrite)
            if decision == .insert || decision == .replace {
                try SQLiteQuery.execute(
                    db,
                    sql: """
                        INSERT INTO dataset_uploads (backend, dataset_hash, file_id, uploaded_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (backend, dataset_hash) DO UPDATE
                        SET file_id = excluded.file_id, uploaded_at = excluded.uploaded_at
                        """,
                    arguments: [
                        .text(upload.backendID), .text(upload.datasetHash), .text(upload.fileID),
                        .text(ISO8601Timestamp.format(upload.uploadedAt)),
                    ])
            }
            return ImportRule.uploadDisposition(decision)
        }
    }
}

/// A training run to import, as the values of its columns.
private struct ImportedTrainingRow: Sendable {
    let key: TrainingKey
    let modelID: String?
    /// config_json, job_id, model_id, metadata_json, created_at, started_at, finished_at, host, pid.
    let updateArguments: [SQLiteQuery.Argument]

    init(_ run: TrainingRunRecord) throws {
        try ImportRecordCheck.check(run)
        key = run.key
        modelID = run.modelID
        updateArguments = [
            .text(try SQLiteStoredJSON.text(run.config, column: "training_runs.config_json")),
            .optionalText(run.jobID), .optionalText(run.modelID),
            .optionalText(
                try run.metadata.map { try SQLiteStoredJSON.text($0, column: "training_runs.metadata_json") }),
            .text(ISO8601Timestamp.format(run.createdAt)),
            .optionalText(run.startedAt.map(ISO8601Timestamp.format(_:))),
            .optionalText(run.finishedAt.map(ISO8601Timestamp.format(_:))), .optionalText(run.host),
            .optionalInteger(run.pid),
        ]
    }
}

/// An eval result to import, as the values of its columns.
private struct ImportedEvalRow: Sendable {
    let key: EvalKey
    let metrics: [String: Double]?
    /// params_json, job_id, metrics_json, sample_count, log_path, created_at, started_at, finished_at, host, pid.
    let updateArguments: [SQLiteQuery.Argument]

    init(_ result: EvalResultRecord) throws {
        try ImportRecordCheck.check(result)
        key = result.key
        metrics = result.metrics
        updateArguments = [
            .text(try SQLiteStoredJSON.text(result.params, column: "eval_results.params_json")),
            .optionalText(result.jobID),
            .optionalText(
                try result.metrics.map { try SQLiteStoredJSON.text(metrics: $0, column: "eval_results.metrics_json") }),
            .optionalInteger(result.sampleCount), .optionalText(result.logPath),
            .text(ISO8601Timestamp.format(result.createdAt)),
            .optionalText(result.startedAt.map(ISO8601Timestamp.format(_:))),
            .optionalText(result.finishedAt.map(ISO8601Timestamp.format(_:))), .optionalText(result.host),
            .optionalInteger(result.pid),
        ]
    }
}
