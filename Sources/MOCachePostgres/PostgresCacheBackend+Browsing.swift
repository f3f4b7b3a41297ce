import Foundation
import MOCacheCore
import PostgresNIO

// MARK: - Browsing

extension PostgresCacheBackend {
    public func trainingRuns(matching filter: TrainingRunFilter) async throws -> [TrainingRunRecord] {
        var builder = PostgresQueryBuilder("SELECT \(PostgresRecords.trainingColumns) FROM training_runs")
        builder.require(filter.ids) { "id = ANY(\($0)::bigint[])" }
        builder.require(filter.backendID) { "backend = \($0)" }
        builder.require(filter.datasetHashPrefix) { "starts_with(dataset_hash, \($0))" }
        builder.require(filter.configHashPrefix) { "starts_with(config_hash, \($0))" }
        builder.require(filter.modelID) { "model_id = \($0)" }
        builder.require(filter.modelIDPrefix) { "starts_with(model_id, \($0))" }
        builder.require(filter.status?.rawValue) { "status = \($0)" }
        builder.require(filter.createdSince) { "created_at >= \($0)" }
        builder.require(filter.createdBefore) { "created_at < \($0)" }
        builder.require(filter.unusedSince) { "coalesce(last_hit_at, created_at) < \($0)" }
        var tail = "ORDER BY created_at DESC, id DESC"
        if let limit = filter.limit { tail += " LIMIT \(builder.bind(Int64(max(0, limit))))" }
        return try await rows(builder.query(tail), doing: "listing training runs").map(PostgresRecords.trainingRun)
    }

    public func evalResults(matching filter: EvalResultFilter) async throws -> [EvalResultRecord] {
        var builder = PostgresQueryBuilder("SELECT \(PostgresRecords.evalColumns) FROM eval_results")
        builder.require(filter.ids) { "id = ANY(\($0)::bigint[])" }
        builder.require(filter.backendID) { "backend = \($0)" }
        builder.require(filter.modelID) { "model_id = \($0)" }
        builder.require(filter.tasks) { "task = ANY(\($0)::text[])" }
        builder.require(filter.paramsHash) { "params_hash = \($0)" }
        builder.require(filter.status?.rawValue) { "status = \($0)" }
        builder.require(filter.createdSince) { "created_at >= \($0)" }
        builder.require(filter.createdBefore) { "created_at < \($0)" }
        builder.require(filter.unusedSince) { "coalesce(last_hit_at, created_at) < \($0)" }
        var tail = "ORDER BY created_at DESC, id DESC"
        if let limit = filter.limit { tail += " LIMIT \(builder.bind(Int64(max(0, limit))))" }
        return try await rows(builder.query(tail), doing: "listing eval results").map(PostgresRecords.evalResult)
    }

    /// A summary of the store; ``CacheStatistics/sizeBytes`` is the size of its tables and indexes on
    /// the server.
    public func statistics() async throws -> CacheStatistics {
        if access == .readWrite { try await flushHits() }
        let entries = try await rows(
            """
            SELECT 'eval', backend, status, count(*)::bigint FROM eval_results GROUP BY backend, status
            UNION ALL
            SELECT 'training', backend, status, count(*)::bigint FROM training_runs GROUP BY backend, status
            """, doing: "counting entries"
        ).map { row in
            let (kind, backend, statusText, count) = try row.decode((String, String, String, Int64).self)
            guard let status = EntryStatus(rawValue: statusText) else {
                throw MOCacheError(.notADatabase, "An entry has the unknown status \(statusText); run a check.")
            }
            return CacheStatistics.EntryCount(kind: kind, backendID: backend, status: status, count: Int(count))
        }
        .sorted { ($0.kind, $0.backendID, $0.status.rawValue) < ($1.kind, $1.backendID, $1.status.rawValue) }
        var hits: [String: Int] = [:]
        var saved: [String: Double] = [:]
        let served = try await rows(
            """
            SELECT backend, hit_count, started_at, finished_at FROM training_runs WHERE hit_count > 0
            UNION ALL
            SELECT backend, hit_count, started_at, finished_at FROM eval_results WHERE hit_count > 0
            """, doing: "summing cache hits")
        for row in served {
            let (backend, count, started, finished) = try row.decode((String, Int64, Date?, Date?).self)
            hits[backend, default: 0] += Int(count)
            if let started, let finished {
                saved[backend, default: 0] += Double(count) * finished.timeIntervalSince(started)
            }
        }
        let totals = try await rows(
            """
            SELECT (SELECT count(*) FROM dataset_uploads)::bigint, (SELECT count(*) FROM file_hash_memo)::bigint,
                (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class AS c
                    JOIN pg_namespace AS n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'mocache' AND c.relkind IN ('r', 'm')),
                (SELECT coalesce(max(version), 0)::bigint FROM schema_migrations)
            """, doing: "summarizing the store")
        guard let summary = totals.first else {
            throw MOCacheError(.storeFailure, "The store \(location) returned no summary.")
        }
        let (uploads, memos, size, version) = try summary.decode((Int64, Int64, Int64, Int64).self)
        let backends = Set(entries.map(\.backendID)).union(hits.keys).sorted()
        return CacheStatistics(
            entries: entries,
            savings: backends.map {
                CacheStatistics.Savings(backendID: $0, hits: hits[$0] ?? 0, savedSeconds: saved[$0] ?? 0)
            },
            datasetUploads: Int(uploads), memoizedFiles: Int(memos), schemaVersion: Int(version), sizeBytes: size)
    }

    public func datasetTrainingCounts() async throws -> [DatasetTrainingCount] {
        try await rows(
            """
            SELECT dataset_hash, backend, count(*)::bigint, max(created_at) FROM training_runs
            GROUP BY dataset_hash, backend ORDER BY dataset_hash COLLATE "C", backend COLLATE "C"
            """, doing: "counting training runs per dataset"
        ).map { row in
            let (hash, backend, runs, last) = try row.decode((String, String, Int64, Date).self)
            return DatasetTrainingCount(datasetHash: hash, backendID: backend, runs: Int(runs), lastCreatedAt: last)
        }
    }

    /// Deletes entries by id in one transaction; returns how many existed.
    @discardableResult
    public func removeEntries(_ ids: [EntryID]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        try requireWritable("removing entries")
        var training: [Int64] = []
        var eval: [Int64] = []
        for id in Set(ids) {
            switch id {
            case .training(let id): training.append(id)
            case .eval(let id): eval.append(id)
            }
        }
        let rows = try await rows(
            """
            WITH t AS (DELETE FROM training_runs WHERE id = ANY(\(training)::bigint[]) RETURNING id),
                e AS (DELETE FROM eval_results WHERE id = ANY(\(eval)::bigint[]) RETURNING id)
            SELECT ((SELECT count(*) FROM t) + (SELECT count(*) FROM e))::bigint
            """, doing: "removing entries")
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }
}
