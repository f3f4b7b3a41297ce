import Foundation
import GRDB

// MARK: - Training runs

extension SQLiteCacheBackend {
    /// The stored run for a key, in any status, or `nil`.
    ///
    /// This is the cache-hit lookup: one cached prepared statement on a reader connection, no
    /// transaction and no write. Counting the hit is ``recordHit(_:)``'s job.
    public func trainingRun(for key: TrainingKey) async throws -> TrainingRunRecord? {
        try lookup(
            .trainingRun, arguments: [.text(key.backendID), .text(key.datasetHash), .text(key.configHash)]
        ) { row in try SQLiteRows.trainingRun(row, key: key) }
    }

    public func claimTrainingRun(for key: TrainingKey, config: JSONValue, lease request: LeaseRequest)
        async throws -> ClaimOutcome<TrainingRunRecord>
    {
        let configJSON = try SQLiteStoredJSON.text(config, column: "training_runs.config_json")
        let worker = request.worker
        return try await write { db in
            let now = Date()
            let nowText = SQLiteTimestamp.string(from: now)
            let expiresAt = SQLiteTimestamp.string(from: now.addingTimeInterval(request.duration))
            guard let existing = try Self.fetchTrainingRun(key, db) else {
                try Self.execute(
                    db,
                    sql: """
                        INSERT INTO training_runs (
                            backend, dataset_hash, config_hash, config_json, status, created_at, host, pid,
                            lease_owner, lease_expires_at)
                        VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        key.backendID, key.datasetHash, key.configHash, configJSON, nowText, worker.host,
                        worker.pid, worker.owner, expiresAt,
                    ])
                return .claimed(try Self.requireTrainingRun(key, db))
            }
            switch SQLiteClaimDecision(
                status: existing.status, lease: existing.lease, owner: worker.owner, refresh: request.refresh,
                now: now)
            {
            case .completed:
                return .completed(existing)
            case .heldElsewhere:
                return .heldElsewhere(existing)
            case .takeOver:
                try Self.execute(
                    db,
                    sql: """
                        UPDATE training_runs
                        SET status = 'pending', host = ?, pid = ?, lease_owner = ?, lease_expires_at = ?
                        WHERE id = ?
                        """,
                    arguments: [worker.host, worker.pid, worker.owner, expiresAt, existing.id])
            case .reset:
                try Self.execute(
                    db,
                    sql: """
                        UPDATE training_runs
                        SET status = 'pending', config_json = ?, job_id = NULL, model_id = NULL,
                            metadata_json = NULL, error = NULL, started_at = NULL, finished_at = NULL,
                            host = ?, pid = ?, lease_owner = ?, lease_expires_at = ?
                        WHERE id = ?
                        """,
                    arguments: [configJSON, worker.host, worker.pid, worker.owner, expiresAt, existing.id])
            }
            return .claimed(try Self.requireTrainingRun(key, db))
        }
    }

    public func recordTrainingJobStarted(for key: TrainingKey, jobID: String, worker: Worker) async throws {
        let path = path
        try await write { db in
            // A stored success is never taken back by a late report of a job start. The first start time
            // is kept: a re-attached job has been running since then.
            try Self.execute(
                db,
                sql: """
                    UPDATE training_runs
                    SET status = 'running', job_id = ?, started_at = coalesce(started_at, ?), host = ?, pid = ?
                    WHERE backend = ? AND dataset_hash = ? AND config_hash = ? AND status <> 'succeeded'
                    """,
                arguments: [
                    jobID, SQLiteTimestamp.string(from: Date()), worker.host, worker.pid, key.backendID,
                    key.datasetHash, key.configHash,
                ])
            if db.changesCount == 0, try Self.fetchTrainingRun(key, db) == nil {
                throw MOCacheError.missingEntry(.training(key), path: path)
            }
        }
    }

    @discardableResult
    public func finishTrainingRun(for key: TrainingKey, owner: String, outcome: TrainingOutcome) async throws
        -> TrainingRunRecord
    {
        var metadataJSON: String?
        if case .succeeded(_, let metadata?) = outcome {
            metadataJSON = try SQLiteStoredJSON.text(metadata, column: "training_runs.metadata_json")
        }
        let path = path
        return try await write { [metadataJSON] db in
            guard let existing = try Self.fetchTrainingRun(key, db) else {
                throw MOCacheError.missingEntry(.training(key), path: path)
            }
            let finishedAt = SQLiteTimestamp.string(from: Date())
            switch outcome {
            case .succeeded(let modelID, _):
                // The model exists, whoever asked for it; only an earlier success is kept instead.
                guard existing.status != .succeeded else { return existing }
                try Self.execute(
                    db,
                    sql: """
                        UPDATE training_runs
                        SET status = 'succeeded', model_id = ?, metadata_json = ?, error = NULL, finished_at = ?,
                            lease_owner = NULL, lease_expires_at = NULL
                        WHERE id = ?
                        """,
                    arguments: [modelID, metadataJSON, finishedAt, existing.id])
            case .failed(let message), .cancelled(let message):
                // Only the lease holder may end a run without a model: never overwrite a successor's work.
                guard existing.lease?.owner == owner else { return existing }
                let status: EntryStatus
                if case .failed = outcome { status = .failed } else { status = .cancelled }
                try Self.execute(
                    db,
                    sql: """
                        UPDATE training_runs
                        SET status = ?, model_id = NULL, metadata_json = NULL, error = ?, finished_at = ?,
                            lease_owner = NULL, lease_expires_at = NULL
                        WHERE id = ?
                        """,
                    arguments: [status.rawValue, message, finishedAt, existing.id])
            }
            return try Self.requireTrainingRun(key, db)
        }
    }

    // MARK: - Rows

    /// The run stored for `key`, read with a cached statement, in place.
    static func fetchTrainingRun(_ key: TrainingKey, _ db: Database) throws -> TrainingRunRecord? {
        try SQLiteQuery.firstRow(
            db, sql: SQLiteLookupStatement.allSQL[SQLiteLookupStatement.trainingRun.rawValue],
            arguments: [.text(key.backendID), .text(key.datasetHash), .text(key.configHash)]
        ) { row in try SQLiteRows.trainingRun(row, key: key) }
    }

    /// The run stored for `key`, which the transaction has just written.
    private static func requireTrainingRun(_ key: TrainingKey, _ db: Database) throws -> TrainingRunRecord {
        guard let record = try fetchTrainingRun(key, db) else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "the training run \(key) vanished mid-transaction")
        }
        return record
    }
}
