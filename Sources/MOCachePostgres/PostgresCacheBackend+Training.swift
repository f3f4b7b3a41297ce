import Foundation
import MOCacheCore
import PostgresNIO

// MARK: - Training runs

extension PostgresCacheBackend {
    public func trainingRun(for key: TrainingKey) async throws -> TrainingRunRecord? {
        let rows = try await rows(
            """
            SELECT \(unescaped: PostgresRecords.trainingColumns) FROM training_runs
            WHERE backend = \(key.backendID) AND dataset_hash = \(key.datasetHash) AND config_hash = \(key.configHash)
            """, doing: "reading the training run \(key)")
        return try rows.first.map(PostgresRecords.trainingRun)
    }

    /// Reads every key in one round trip: the keys travel as three arrays, joined to the table.
    public func trainingRuns(for keys: [TrainingKey]) async throws -> [TrainingKey: TrainingRunRecord] {
        guard !keys.isEmpty else { return [:] }
        let rows = try await rows(
            """
            SELECT \(unescaped: PostgresRecords.trainingColumns) FROM training_runs
            WHERE (backend, dataset_hash, config_hash) IN (
                SELECT * FROM unnest(\(keys.map(\.backendID))::text[], \(keys.map(\.datasetHash))::text[],
                    \(keys.map(\.configHash))::text[]))
            """, doing: "reading \(keys.count) training runs")
        var found: [TrainingKey: TrainingRunRecord] = [:]
        for row in rows {
            let record = try PostgresRecords.trainingRun(row)
            found[record.key] = record
        }
        return found
    }

    /// Claims in one statement: the insert creates the entry, or its conflict branch takes the entry
    /// over when ``ClaimDecision`` would (not succeeded unless refreshing; no live lease of another
    /// owner; a finished entry is reset, an unfinished one keeps its job). The fence goes up by one.
    /// When the entry is not claimed, the same statement returns it as it stands.
    public func claimTrainingRun(for key: TrainingKey, config: JSONValue, lease request: LeaseRequest) async throws
        -> ClaimOutcome<TrainingRunRecord>
    {
        try requireWritable("claiming a training run")
        let configText = try PostgresRecords.text(config)
        let owner = request.worker.owner
        let query: PostgresQuery = """
            WITH claimed AS (
                INSERT INTO training_runs AS t (
                    backend, dataset_hash, config_hash, config_json, status, created_at, lease_owner,
                    lease_expires_at, lease_fence)
                VALUES (
                    \(key.backendID), \(key.datasetHash), \(key.configHash), \(configText)::jsonb, 'pending', now(),
                    \(owner), now() + make_interval(secs => \(request.duration)), 1)
                ON CONFLICT (backend, dataset_hash, config_hash) DO UPDATE SET
                    status = 'pending',
                    lease_owner = excluded.lease_owner,
                    lease_expires_at = excluded.lease_expires_at,
                    lease_fence = t.lease_fence + 1,
                    config_json = CASE WHEN t.status IN ('pending', 'running') THEN t.config_json
                        ELSE excluded.config_json END,
                    job_id = CASE WHEN t.status IN ('pending', 'running') THEN t.job_id END,
                    model_id = NULL,
                    metadata_json = NULL,
                    error = NULL,
                    started_at = CASE WHEN t.status IN ('pending', 'running') THEN t.started_at END,
                    finished_at = NULL,
                    host = CASE WHEN t.status IN ('pending', 'running') THEN t.host END,
                    pid = CASE WHEN t.status IN ('pending', 'running') THEN t.pid END
                WHERE (t.status <> 'succeeded' OR \(request.refresh))
                    AND NOT (t.lease_owner IS NOT NULL AND t.lease_owner <> excluded.lease_owner
                        AND t.lease_expires_at > now()
                        AND t.lease_owner IS DISTINCT FROM \(request.takingOverFrom)::text)
                RETURNING t.*
            )
            SELECT \(unescaped: PostgresRecords.trainingColumns), true, lease_fence FROM claimed
            UNION ALL
            SELECT \(unescaped: PostgresRecords.trainingColumns), false, lease_fence FROM training_runs
            WHERE backend = \(key.backendID) AND dataset_hash = \(key.datasetHash) AND config_hash = \(key.configHash)
                AND NOT EXISTS (SELECT 1 FROM claimed)
            """
        // The fallback SELECT reads the snapshot the statement started with: when another worker
        // inserted the key meanwhile, it finds nothing, and the statement runs again to see that row.
        for _ in 0..<8 {
            let rows = try await rows(query, doing: "claiming the training run \(key)")
            guard let row = rows.first else { continue }
            let record = try PostgresRecords.trainingRun(row)
            let count = PostgresRecords.trainingColumnCount
            guard try PostgresRecords.flag(row, at: count) else {
                return record.status == .succeeded && !request.refresh ? .completed(record) : .heldElsewhere(record)
            }
            let fence = try row.makeRandomAccess()[count + 1].decode(Int64.self)
            fences.remember(fence, for: .training(key), owner: owner)
            return .claimed(record)
        }
        throw MOCacheError(
            .busy, "The training run \(key) changed under every claim; too many workers are racing for it. Try again.")
    }

    /// Marks the run running, unless `worker`'s fence shows that another worker took the run over
    /// (then throws ``MOCacheError/Code/leaseLost``).
    public func recordTrainingJobStarted(for key: TrainingKey, jobID: String, worker: Worker) async throws {
        try requireWritable("recording a job start")
        let fence = fences.fence(for: .training(key), owner: worker.owner)
        let rows = try await rows(
            """
            UPDATE training_runs SET
                status = CASE WHEN status = 'succeeded' THEN status ELSE 'running' END,
                job_id = CASE WHEN status = 'succeeded' THEN job_id ELSE \(jobID) END,
                started_at = CASE WHEN status = 'succeeded' THEN started_at ELSE coalesce(started_at, now()) END,
                host = CASE WHEN status = 'succeeded' THEN host ELSE \(worker.host) END,
                pid = CASE WHEN status = 'succeeded' THEN pid ELSE \(worker.pid) END
            WHERE backend = \(key.backendID) AND dataset_hash = \(key.datasetHash) AND config_hash = \(key.configHash)
                AND (status = 'succeeded' OR \(fence)::bigint IS NULL OR lease_fence = \(fence))
            RETURNING id
            """, doing: "recording the job start of \(key)", retryFor: .seconds(300))
        guard rows.isEmpty else { return }
        guard try await trainingRun(for: key) != nil else {
            throw Self.missingEntry(.training(key), location: location)
        }
        throw MOCacheError.leaseLost(.training(key), owner: worker.owner, location: "\(location)")
    }

    @discardableResult
    public func finishTrainingRun(for key: TrainingKey, owner: String, outcome: TrainingOutcome) async throws
        -> TrainingRunRecord
    {
        try requireWritable("finishing a training run")
        let entry = EntryKey.training(key)
        let fence = fences.fence(for: entry, owner: owner)
        let query: PostgresQuery
        switch outcome {
        case .succeeded(let modelID, let metadata):
            // A success is kept whoever reports it (the model exists), unless the run already
            // succeeded, or the reporting owner's fence shows that another worker took the run over.
            let metadataText = try metadata.map(PostgresRecords.text)
            query = """
                UPDATE training_runs SET status = 'succeeded', model_id = \(modelID),
                    metadata_json = \(metadataText)::jsonb, error = NULL, finished_at = now(), lease_owner = NULL,
                    lease_expires_at = NULL
                WHERE backend = \(key.backendID) AND dataset_hash = \(key.datasetHash)
                    AND config_hash = \(key.configHash) AND status <> 'succeeded'
                    AND (\(fence)::bigint IS NULL OR lease_fence = \(fence))
                RETURNING \(unescaped: PostgresRecords.trainingColumns)
                """
        case .failed(let message), .cancelled(let message):
            let status = if case .failed = outcome { "failed" } else { "cancelled" }
            query = """
                UPDATE training_runs SET status = \(status), model_id = NULL, metadata_json = NULL,
                    error = \(message), finished_at = now(), lease_owner = NULL, lease_expires_at = NULL
                WHERE backend = \(key.backendID) AND dataset_hash = \(key.datasetHash)
                    AND config_hash = \(key.configHash) AND lease_owner = \(owner)
                    AND (\(fence)::bigint IS NULL OR lease_fence = \(fence))
                RETURNING \(unescaped: PostgresRecords.trainingColumns)
                """
        }
        // A finished job's result must not be lost to a connection that dropped while it ran.
        let rows = try await rows(query, doing: "storing the outcome of \(key)", retryFor: .seconds(600))
        fences.forget(entry, owner: owner)
        if let row = rows.first { return try PostgresRecords.trainingRun(row) }
        guard let stored = try await trainingRun(for: key) else { throw Self.missingEntry(entry, location: location) }
        if case .succeeded = outcome, stored.status != .succeeded {
            logger.warning(
                "a worker that lost its lease finished; the store keeps the run of the worker that took over",
                metadata: ["key": "\(key)", "owner": "\(owner)"])
        }
        return stored
    }

    /// The error for a request about an entry the store does not hold.
    static func missingEntry(_ key: EntryKey, location: PostgresLocation) -> MOCacheError {
        MOCacheError(
            .notFound,
            "The store \(location) holds no entry for \(key). Claim the key before recording its job or its outcome; "
                + "an entry removed meanwhile must be claimed again.")
    }
}
