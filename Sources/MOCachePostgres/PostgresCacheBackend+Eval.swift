import Foundation
import MOCacheCore
import PostgresNIO

// MARK: - Evaluation results

extension PostgresCacheBackend {
    /// Reads every key in one round trip: the keys travel as four arrays, joined to the table.
    public func evalResults(for keys: [EvalKey]) async throws -> [EvalKey: EvalResultRecord] {
        guard !keys.isEmpty else { return [:] }
        let rows = try await rows(
            """
            SELECT \(unescaped: PostgresRecords.evalColumns) FROM eval_results
            WHERE (backend, model_id, task, params_hash) IN (
                SELECT * FROM unnest(\(keys.map(\.backendID))::text[], \(keys.map(\.modelID))::text[],
                    \(keys.map(\.task))::text[], \(keys.map(\.paramsHash))::text[]))
            """, doing: "reading \(keys.count) eval results")
        var found: [EvalKey: EvalResultRecord] = [:]
        for row in rows {
            let record = try PostgresRecords.evalResult(row)
            found[record.key] = record
        }
        return found
    }

    /// Claims in one statement, by the rules of ``claimTrainingRun(for:config:lease:)``.
    public func claimEvalResult(for key: EvalKey, params: JSONValue, lease request: LeaseRequest) async throws
        -> ClaimOutcome<EvalResultRecord>
    {
        try requireWritable("claiming an eval result")
        let paramsText = try PostgresRecords.text(params)
        let owner = request.worker.owner
        let query: PostgresQuery = """
            WITH claimed AS (
                INSERT INTO eval_results AS e (
                    backend, model_id, task, params_hash, params_json, status, created_at, lease_owner,
                    lease_expires_at, lease_fence)
                VALUES (
                    \(key.backendID), \(key.modelID), \(key.task), \(key.paramsHash), \(paramsText)::jsonb, 'pending',
                    now(), \(owner), now() + make_interval(secs => \(request.duration)), 1)
                ON CONFLICT (backend, model_id, task, params_hash) DO UPDATE SET
                    status = 'pending',
                    lease_owner = excluded.lease_owner,
                    lease_expires_at = excluded.lease_expires_at,
                    lease_fence = e.lease_fence + 1,
                    params_json = CASE WHEN e.status IN ('pending', 'running') THEN e.params_json
                        ELSE excluded.params_json END,
                    job_id = CASE WHEN e.status IN ('pending', 'running') THEN e.job_id END,
                    metrics_json = NULL,
                    sample_count = NULL,
                    log_path = NULL,
                    error = NULL,
                    started_at = CASE WHEN e.status IN ('pending', 'running') THEN e.started_at END,
                    finished_at = NULL,
                    host = CASE WHEN e.status IN ('pending', 'running') THEN e.host END,
                    pid = CASE WHEN e.status IN ('pending', 'running') THEN e.pid END
                WHERE (e.status <> 'succeeded' OR \(request.refresh))
                    AND NOT (e.lease_owner IS NOT NULL AND e.lease_owner <> excluded.lease_owner
                        AND e.lease_expires_at > now()
                        AND e.lease_owner IS DISTINCT FROM \(request.takingOverFrom)::text)
                RETURNING e.*
            )
            SELECT \(unescaped: PostgresRecords.evalColumns), true, lease_fence FROM claimed
            UNION ALL
            SELECT \(unescaped: PostgresRecords.evalColumns), false, lease_fence FROM eval_results
            WHERE backend = \(key.backendID) AND model_id = \(key.modelID) AND task = \(key.task)
                AND params_hash = \(key.paramsHash) AND NOT EXISTS (SELECT 1 FROM claimed)
            """
        for _ in 0..<8 {
            let rows = try await rows(query, doing: "claiming the eval result \(key)")
            guard let row = rows.first else { continue }
            let record = try PostgresRecords.evalResult(row)
            let count = PostgresRecords.evalColumnCount
            guard try PostgresRecords.flag(row, at: count) else {
                return record.status == .succeeded && !request.refresh ? .completed(record) : .heldElsewhere(record)
            }
            let fence = try row.makeRandomAccess()[count + 1].decode(Int64.self)
            fences.remember(fence, for: .eval(key), owner: owner)
            return .claimed(record)
        }
        throw MOCacheError(
            .busy, "The eval result \(key) changed under every claim; too many workers are racing for it. Try again.")
    }

    /// Marks the evaluation running, unless `worker`'s fence shows that another worker took it over
    /// (then throws ``MOCacheError/Code/leaseLost``).
    public func recordEvalJobStarted(for key: EvalKey, jobID: String?, worker: Worker) async throws {
        try requireWritable("recording a job start")
        let fence = fences.fence(for: .eval(key), owner: worker.owner)
        let rows = try await rows(
            """
            UPDATE eval_results SET
                status = CASE WHEN status = 'succeeded' THEN status ELSE 'running' END,
                job_id = CASE WHEN status = 'succeeded' THEN job_id ELSE coalesce(\(jobID), job_id) END,
                started_at = CASE WHEN status = 'succeeded' THEN started_at ELSE coalesce(started_at, now()) END,
                host = CASE WHEN status = 'succeeded' THEN host ELSE \(worker.host) END,
                pid = CASE WHEN status = 'succeeded' THEN pid ELSE \(worker.pid) END
            WHERE backend = \(key.backendID) AND model_id = \(key.modelID) AND task = \(key.task)
                AND params_hash = \(key.paramsHash)
                AND (status = 'succeeded' OR \(fence)::bigint IS NULL OR lease_fence = \(fence))
            RETURNING id
            """, doing: "recording the job start of \(key)", retryFor: .seconds(300))
        guard rows.isEmpty else { return }
        guard try await evalResults(for: [key])[key] != nil else {
            throw Self.missingEntry(.eval(key), location: location)
        }
        throw MOCacheError.leaseLost(.eval(key), owner: worker.owner, location: "\(location)")
    }

    @discardableResult
    public func finishEvalResult(for key: EvalKey, owner: String, outcome: EvalOutcome) async throws
        -> EvalResultRecord
    {
        try requireWritable("finishing an eval result")
        let entry = EntryKey.eval(key)
        let fence = fences.fence(for: entry, owner: owner)
        let query: PostgresQuery
        switch outcome {
        case .succeeded(let metrics, let sampleCount, let logPath):
            let metricsText = try PostgresRecords.text(metrics)
            query = """
                UPDATE eval_results SET status = 'succeeded', metrics_json = \(metricsText)::jsonb,
                    sample_count = \(sampleCount.map(Int32.init(clamping:))), log_path = \(logPath), error = NULL,
                    finished_at = now(), lease_owner = NULL, lease_expires_at = NULL
                WHERE backend = \(key.backendID) AND model_id = \(key.modelID) AND task = \(key.task)
                    AND params_hash = \(key.paramsHash) AND status <> 'succeeded'
                    AND (\(fence)::bigint IS NULL OR lease_fence = \(fence))
                RETURNING \(unescaped: PostgresRecords.evalColumns)
                """
        case .failed(let message), .cancelled(let message):
            let status = if case .failed = outcome { "failed" } else { "cancelled" }
            query = """
                UPDATE eval_results SET status = \(status), metrics_json = NULL, sample_count = NULL,
                    error = \(message), finished_at = now(), lease_owner = NULL, lease_expires_at = NULL
                WHERE backend = \(key.backendID) AND model_id = \(key.modelID) AND task = \(key.task)
                    AND params_hash = \(key.paramsHash) AND lease_owner = \(owner)
                    AND (\(fence)::bigint IS NULL OR lease_fence = \(fence))
                RETURNING \(unescaped: PostgresRecords.evalColumns)
                """
        }
        let rows = try await rows(query, doing: "storing the outcome of \(key)", retryFor: .seconds(600))
        fences.forget(entry, owner: owner)
        if let row = rows.first { return try PostgresRecords.evalResult(row) }
        guard let stored = try await evalResults(for: [key])[key] else {
            throw Self.missingEntry(entry, location: location)
        }
        return stored
    }
}
