import Foundation
import GRDB

// MARK: - Evaluation results

extension SQLiteCacheBackend {
    /// The stored results among the given keys, in any status; each key is one indexed lookup, all in
    /// one read transaction.
    public func evalResults(for keys: [EvalKey]) async throws -> [EvalKey: EvalResultRecord] {
        guard !keys.isEmpty else { return [:] }
        if keys.count == 1, let key = keys.first {
            // The common case of one task: the cheap path of a single lookup.
            let found = try lookup(
                .evalResult,
                arguments: [.text(key.backendID), .text(key.modelID), .text(key.task), .text(key.paramsHash)]
            ) { row in try SQLiteRows.evalResult(row, key: key) }
            return found.map { [key: $0] } ?? [:]
        }
        return try await read { db in
            var found: [EvalKey: EvalResultRecord] = [:]
            for key in keys where found[key] == nil {
                if let record = try Self.fetchEvalResult(key, db) { found[key] = record }
            }
            return found
        }
    }

    public func claimEvalResult(for key: EvalKey, params: JSONValue, lease request: LeaseRequest) async throws
        -> ClaimOutcome<EvalResultRecord>
    {
        let paramsJSON = try SQLiteStoredJSON.text(params, column: "eval_results.params_json")
        let worker = request.worker
        return try await write { db in
            let now = Date()
            let nowText = SQLiteTimestamp.string(from: now)
            let expiresAt = SQLiteTimestamp.string(from: now.addingTimeInterval(request.duration))
            guard let existing = try Self.fetchEvalResult(key, db) else {
                try Self.execute(
                    db,
                    sql: """
                        INSERT INTO eval_results (
                            backend, model_id, task, params_hash, params_json, status, created_at, host, pid,
                            lease_owner, lease_expires_at)
                        VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        key.backendID, key.modelID, key.task, key.paramsHash, paramsJSON, nowText, worker.host,
                        worker.pid, worker.owner, expiresAt,
                    ])
                return .claimed(try Self.requireEvalResult(key, db))
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
                        UPDATE eval_results
                        SET status = 'pending', host = ?, pid = ?, lease_owner = ?, lease_expires_at = ?
                        WHERE id = ?
                        """,
                    arguments: [worker.host, worker.pid, worker.owner, expiresAt, existing.id])
            case .reset:
                try Self.execute(
                    db,
                    sql: """
                        UPDATE eval_results
                        SET status = 'pending', params_json = ?, job_id = NULL, metrics_json = NULL,
                            sample_count = NULL, log_path = NULL, error = NULL, started_at = NULL,
                            finished_at = NULL, host = ?, pid = ?, lease_owner = ?, lease_expires_at = ?
                        WHERE id = ?
                        """,
                    arguments: [paramsJSON, worker.host, worker.pid, worker.owner, expiresAt, existing.id])
            }
            return .claimed(try Self.requireEvalResult(key, db))
        }
    }

    public func recordEvalJobStarted(for key: EvalKey, jobID: String?, worker: Worker) async throws {
        let path = path
        try await write { db in
            try Self.execute(
                db,
                sql: """
                    UPDATE eval_results
                    SET status = 'running', job_id = coalesce(?, job_id), started_at = coalesce(started_at, ?),
                        host = ?, pid = ?
                    WHERE backend = ? AND model_id = ? AND task = ? AND params_hash = ? AND status <> 'succeeded'
                    """,
                arguments: [
                    jobID, SQLiteTimestamp.string(from: Date()), worker.host, worker.pid, key.backendID,
                    key.modelID, key.task, key.paramsHash,
                ])
            if db.changesCount == 0, try Self.fetchEvalResult(key, db) == nil {
                throw MOCacheError.missingEntry(.eval(key), path: path)
            }
        }
    }

    @discardableResult
    public func finishEvalResult(for key: EvalKey, owner: String, outcome: EvalOutcome) async throws
        -> EvalResultRecord
    {
        var metricsJSON: String?
        if case .succeeded(let metrics, _, _) = outcome {
            metricsJSON = try SQLiteStoredJSON.text(metrics: metrics, column: "eval_results.metrics_json")
        }
        let path = path
        return try await write { [metricsJSON] db in
            guard let existing = try Self.fetchEvalResult(key, db) else {
                throw MOCacheError.missingEntry(.eval(key), path: path)
            }
            let finishedAt = SQLiteTimestamp.string(from: Date())
            switch outcome {
            case .succeeded(_, let sampleCount, let logPath):
                guard existing.status != .succeeded else { return existing }
                try Self.execute(
                    db,
                    sql: """
                        UPDATE eval_results
                        SET status = 'succeeded', metrics_json = ?, sample_count = ?, log_path = ?, error = NULL,
                            finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
                        WHERE id = ?
                        """,
                    arguments: [metricsJSON, sampleCount, logPath, finishedAt, existing.id])
            case .failed(let message), .cancelled(let message):
                guard existing.lease?.owner == owner else { return existing }
                let status: EntryStatus
                if case .failed = outcome { status = .failed } else { status = .cancelled }
                try Self.execute(
                    db,
                    sql: """
                        UPDATE eval_results
                        SET status = ?, metrics_json = NULL, sample_count = NULL, error = ?, finished_at = ?,
                            lease_owner = NULL, lease_expires_at = NULL
                        WHERE id = ?
                        """,
                    arguments: [status.rawValue, message, finishedAt, existing.id])
            }
            return try Self.requireEvalResult(key, db)
        }
    }

    // MARK: - Rows

    /// The result stored for `key`, read with a cached statement.
    static func fetchEvalResult(_ key: EvalKey, _ db: Database) throws -> EvalResultRecord? {
        try SQLiteQuery.firstRow(
            db, sql: SQLiteLookupStatement.allSQL[SQLiteLookupStatement.evalResult.rawValue],
            arguments: [.text(key.backendID), .text(key.modelID), .text(key.task), .text(key.paramsHash)]
        ) { row in try SQLiteRows.evalResult(row, key: key) }
    }

    private static func requireEvalResult(_ key: EvalKey, _ db: Database) throws -> EvalResultRecord {
        guard let record = try fetchEvalResult(key, db) else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "the evaluation \(key) vanished mid-transaction")
        }
        return record
    }
}
