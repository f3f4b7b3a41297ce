import Foundation
import MOCacheCore
import PostgresNIO

// MARK: - Import

extension PostgresCacheBackend {
    /// A training run with its config and metadata as JSON text.
    private typealias PreparedRun = (run: TrainingRunRecord, config: String, metadata: String?)
    /// An eval result with its params and metrics as JSON text.
    private typealias PreparedResult = (result: EvalResultRecord, params: String, metrics: String)

    /// Imports in one transaction: all records or none. Each stored key is locked while it is decided.
    public func importTrainingRuns(_ runs: [TrainingRunRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try requireWritable("importing training runs")
        for run in runs { try ImportRecordCheck.check(run) }
        guard !runs.isEmpty else { return [] }
        let prepared = try Self.prepare(runs)
        return try await inTransaction("importing \(runs.count) training runs") { connection in
            try await self.importTrainingRuns(prepared, overwrite: overwrite, on: connection)
        }
    }

    /// Merges a whole import in one transaction; see ``CacheBackend/importRecords(_:overwrite:)``.
    public func importRecords(_ batch: ImportBatch, overwrite: Bool) async throws -> ImportDispositions {
        try requireWritable("importing records")
        for run in batch.trainingRuns { try ImportRecordCheck.check(run) }
        for result in batch.evalResults { try ImportRecordCheck.check(result) }
        guard !batch.isEmpty else { return ImportDispositions(trainingRuns: [], evalResults: [], datasetUploads: []) }
        let runs = try Self.prepare(batch.trainingRuns)
        let results = try Self.prepare(batch.evalResults)
        let uploads = batch.datasetUploads
        let count = batch.trainingRuns.count + batch.evalResults.count + uploads.count
        return try await inTransaction("importing \(count) records") { connection in
            ImportDispositions(
                trainingRuns: try await self.importTrainingRuns(runs, overwrite: overwrite, on: connection),
                evalResults: try await self.importEvalResults(results, overwrite: overwrite, on: connection),
                datasetUploads: try await self.importUploads(uploads, overwrite: overwrite, on: connection))
        }
    }

    /// Runs with their documents as text, ready to send.
    private static func prepare(_ runs: [TrainingRunRecord]) throws -> [PreparedRun] {
        try runs.map { run in
            (run, config: try PostgresRecords.text(run.config), metadata: try run.metadata.map(PostgresRecords.text))
        }
    }

    /// Results with their documents as text, ready to send.
    private static func prepare(_ results: [EvalResultRecord]) throws -> [PreparedResult] {
        try results.map { result in
            (
                result, params: try PostgresRecords.text(result.params),
                metrics: try PostgresRecords.text(result.metrics ?? [:])
            )
        }
    }

    /// Merges training runs inside the caller's transaction.
    private func importTrainingRuns(_ prepared: [PreparedRun], overwrite: Bool, on connection: PostgresConnection)
        async throws -> [ImportDisposition]
    {
        var dispositions: [ImportDisposition] = []
        for (run, config, metadata) in prepared {
            let key = run.key
            let stored = try await connection.query(
                """
                SELECT id, status, model_id FROM training_runs
                WHERE backend = \(key.backendID) AND dataset_hash = \(key.datasetHash)
                    AND config_hash = \(key.configHash)
                FOR UPDATE
                """, logger: self.logger
            ).collect().first.map { try $0.decode((Int64, String, String?).self) }
            let decision = ImportRule.decide(
                storedStatus: stored.flatMap { EntryStatus(rawValue: $0.1) }, sameResult: stored?.2 == run.modelID,
                overwrite: overwrite)
            switch (decision, stored?.0) {
            case (.keep, let id?):
                dispositions.append(.unchanged(.training(id)))
            case (.conflict, let id?):
                dispositions.append(.conflict(.training(id)))
            case (.replace, let id?):
                try await connection.query(
                    """
                    UPDATE training_runs SET config_json = \(config)::jsonb, status = 'succeeded',
                        job_id = \(run.jobID), model_id = \(run.modelID), metadata_json = \(metadata)::jsonb,
                        error = NULL, created_at = \(run.createdAt), started_at = \(run.startedAt),
                        finished_at = \(run.finishedAt), host = \(run.host), pid = \(run.pid), lease_owner = NULL,
                        lease_expires_at = NULL, lease_fence = lease_fence + 1
                    WHERE id = \(id)
                    """, logger: self.logger)
                dispositions.append(.replaced(.training(id)))
            default:
                let id = try await connection.query(
                    """
                    INSERT INTO training_runs (backend, dataset_hash, config_hash, config_json, status, job_id,
                        model_id, metadata_json, created_at, started_at, finished_at, host, pid)
                    VALUES (\(key.backendID), \(key.datasetHash), \(key.configHash), \(config)::jsonb, 'succeeded',
                        \(run.jobID), \(run.modelID), \(metadata)::jsonb, \(run.createdAt), \(run.startedAt),
                        \(run.finishedAt), \(run.host), \(run.pid))
                    RETURNING id
                    """, logger: self.logger
                ).collect()
                dispositions.append(.inserted(.training(try Self.insertedID(id))))
            }
        }
        return dispositions
    }

    /// Imports in one transaction, by the rules of ``importTrainingRuns(_:overwrite:)``.
    public func importEvalResults(_ results: [EvalResultRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try requireWritable("importing eval results")
        for result in results { try ImportRecordCheck.check(result) }
        guard !results.isEmpty else { return [] }
        let prepared = try Self.prepare(results)
        return try await inTransaction("importing \(results.count) eval results") { connection in
            try await self.importEvalResults(prepared, overwrite: overwrite, on: connection)
        }
    }

    /// Merges eval results inside the caller's transaction.
    private func importEvalResults(_ prepared: [PreparedResult], overwrite: Bool, on connection: PostgresConnection)
        async throws -> [ImportDisposition]
    {
        var dispositions: [ImportDisposition] = []
        for (result, params, metrics) in prepared {
            let key = result.key
            let stored = try await connection.query(
                """
                SELECT id, status, metrics_json::text FROM eval_results
                WHERE backend = \(key.backendID) AND model_id = \(key.modelID) AND task = \(key.task)
                    AND params_hash = \(key.paramsHash)
                FOR UPDATE
                """, logger: self.logger
            ).collect().first.map { try $0.decode((Int64, String, String?).self) }
            let storedMetrics = try stored?.2.map { try JSONValue(parsing: PostgresRecords.readable($0)) }
            let sameResult = storedMetrics == JSONValue.object((result.metrics ?? [:]).mapValues { .number($0) })
            let decision = ImportRule.decide(
                storedStatus: stored.flatMap { EntryStatus(rawValue: $0.1) }, sameResult: sameResult,
                overwrite: overwrite)
            let sampleCount = result.sampleCount.map(Int32.init(clamping:))
            switch (decision, stored?.0) {
            case (.keep, let id?):
                dispositions.append(.unchanged(.eval(id)))
            case (.conflict, let id?):
                dispositions.append(.conflict(.eval(id)))
            case (.replace, let id?):
                try await connection.query(
                    """
                    UPDATE eval_results SET params_json = \(params)::jsonb, status = 'succeeded',
                        job_id = \(result.jobID), metrics_json = \(metrics)::jsonb, sample_count = \(sampleCount),
                        log_path = \(result.logPath), error = NULL, created_at = \(result.createdAt),
                        started_at = \(result.startedAt), finished_at = \(result.finishedAt), host = \(result.host),
                        pid = \(result.pid), lease_owner = NULL, lease_expires_at = NULL,
                        lease_fence = lease_fence + 1
                    WHERE id = \(id)
                    """, logger: self.logger)
                dispositions.append(.replaced(.eval(id)))
            default:
                let id = try await connection.query(
                    """
                    INSERT INTO eval_results (backend, model_id, task, params_hash, params_json, status, job_id,
                        metrics_json, sample_count, log_path, created_at, started_at, finished_at, host, pid)
                    VALUES (\(key.backendID), \(key.modelID), \(key.task), \(key.paramsHash), \(params)::jsonb,
                        'succeeded', \(result.jobID), \(metrics)::jsonb, \(sampleCount), \(result.logPath),
                        \(result.createdAt), \(result.startedAt), \(result.finishedAt), \(result.host), \(result.pid))
                    RETURNING id
                    """, logger: self.logger
                ).collect()
                dispositions.append(.inserted(.eval(try Self.insertedID(id))))
            }
        }
        return dispositions
    }

    /// Merges dataset uploads inside the caller's transaction, each stored key locked while it is decided.
    private func importUploads(_ uploads: [DatasetUpload], overwrite: Bool, on connection: PostgresConnection)
        async throws -> [DatasetUploadDisposition]
    {
        var dispositions: [DatasetUploadDisposition] = []
        for upload in uploads {
            let stored = try await connection.query(
                """
                SELECT file_id FROM dataset_uploads
                WHERE backend = \(upload.backendID) AND dataset_hash = \(upload.datasetHash)
                FOR UPDATE
                """, logger: self.logger
            ).collect().first.map { row in
                DatasetUpload(
                    backendID: upload.backendID, datasetHash: upload.datasetHash,
                    fileID: try row.decode(String.self), uploadedAt: upload.uploadedAt)
            }
            let decision = ImportRule.decide(upload: upload, stored: stored, overwrite: overwrite)
            if decision == .insert || decision == .replace {
                try await connection.query(
                    """
                    INSERT INTO dataset_uploads (backend, dataset_hash, file_id, uploaded_at)
                    VALUES (\(upload.backendID), \(upload.datasetHash), \(upload.fileID), \(upload.uploadedAt))
                    ON CONFLICT (backend, dataset_hash) DO UPDATE SET file_id = excluded.file_id,
                        uploaded_at = excluded.uploaded_at
                    """, logger: self.logger)
            }
            dispositions.append(ImportRule.uploadDisposition(decision))
        }
        return dispositions
    }

    /// Runs `body` in one transaction on one connection, sent again whole after a lost connection or
    /// when a concurrent claim inserted a key the import meant to insert.
    func inTransaction<Value: Sendable>(
        _ doing: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        try await retrying(doing, for: .seconds(60)) {
            var attempts = 0
            while true {
                attempts += 1
                do {
                    return try await self.client.withConnection { connection in
                        try await connection.query("BEGIN", logger: self.logger)
                        do {
                            let value = try await body(connection)
                            try await connection.query("COMMIT", logger: self.logger)
                            return value
                        } catch {
                            // The transaction is abandoned whole; the error says why.
                            _ = try? await connection.query("ROLLBACK", logger: self.logger)
                            throw error
                        }
                    }
                } catch  where attempts < 3 && PostgresErrorTranslation.sqlState(of: error) == "23505" {
                    continue
                }
            }
        }
    }

    /// The id an insert returned.
    static func insertedID(_ rows: [PostgresRow]) throws -> Int64 {
        guard let id = try rows.first?.decode(Int64.self) else {
            throw MOCacheError(.storeFailure, "An insert returned no row id.")
        }
        return id
    }
}
