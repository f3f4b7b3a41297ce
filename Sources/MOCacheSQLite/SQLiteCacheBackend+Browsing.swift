import Foundation
import GRDB
import MOCacheCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Browsing

extension SQLiteCacheBackend {
    /// The training runs that match; a damaged row is skipped and kept in ``skippedRows``.
    public func trainingRuns(matching filter: TrainingRunFilter) async throws -> [TrainingRunRecord] {
        let (sql, arguments) = Self.query(filter)
        let (runs, skipped) = try await read { db in
            try Self.readableRows(db, sql: sql, arguments: arguments, table: "training_runs") {
                try SQLiteRows.trainingRun($0)
            }
        }
        noteSkipped(skipped)
        return runs
    }

    /// The eval results that match; a damaged row is skipped and kept in ``skippedRows``.
    public func evalResults(matching filter: EvalResultFilter) async throws -> [EvalResultRecord] {
        let (sql, arguments) = Self.query(filter)
        let (results, skipped) = try await read { db in
            try Self.readableRows(db, sql: sql, arguments: arguments, table: "eval_results") {
                try SQLiteRows.evalResult($0)
            }
        }
        noteSkipped(skipped)
        return results
    }

    /// The damaged rows that ``trainingRuns(matching:)`` and ``evalResults(matching:)`` skipped since the
    /// store was opened, each once, by table and id: rows that cannot be read back (``verify()`` lists them
    /// all). A listing leaves them out rather than fail on every row for one.
    public var skippedRows: [UnreadableRow] {
        skippedRowsSeen.value
    }

    private func noteSkipped(_ rows: [UnreadableRow]) {
        guard !rows.isEmpty else { return }
        skippedRowsSeen.withLock { seen in
            for row in rows where !seen.contains(where: { $0.table == row.table && $0.rowID == row.rowID }) {
                seen.append(row)
            }
            seen.sort { ($0.table, $0.rowID) < ($1.table, $1.rowID) }
        }
    }

    /// The rows of a listing that can be read, and those that cannot. A row's JSON documents are read in
    /// full here, so that a damaged one is found now and not later by whoever uses it.
    static func readableRows<T: Sendable>(
        _ db: Database, sql: String, arguments: [SQLiteQuery.Argument], table: String,
        _ read: (SQLiteColumns) throws -> T
    ) throws -> (rows: [T], skipped: [UnreadableRow]) {
        var skipped: [UnreadableRow] = []
        let rows = try SQLiteQuery.rows(db, cached: false, sql: sql, arguments: arguments) { row -> T? in
            do {
                return try read(row)
            } catch let error as SQLiteUnreadableValue {
                skipped.append(
                    UnreadableRow(
                        table: table, rowID: row.optionalInteger(0) ?? 0, column: error.column, detail: error.detail))
                return nil
            }
        }
        return (rows.compactMap { $0 }, skipped)
    }

    /// The SELECT behind ``trainingRuns(matching:)``.
    ///
    /// Each field becomes a condition that an index can answer: ids by the primary key; a model id
    /// (exact or prefix) by `training_runs_by_model_id` when the filter asks for succeeded runs (the
    /// index holds only those, as only those have a model id); backend and hash prefixes by the key
    /// index, read alone in a subquery so that a hash prefix without a backend scans that index rather
    /// than the table.
    static func query(_ filter: TrainingRunFilter) -> (sql: String, arguments: [SQLiteQuery.Argument]) {
        var query = SQLiteFilterQuery()
        query.ids(filter.ids)
        if [filter.datasetHashPrefix, filter.configHashPrefix].contains(where: { !($0 ?? "").isEmpty }) {
            var key = SQLiteFilterQuery()
            key.equal("backend", filter.backendID)
            key.prefix("dataset_hash", filter.datasetHashPrefix)
            key.prefix("config_hash", filter.configHashPrefix)
            query.idIn(key, from: "training_runs")
        } else {
            query.equal("backend", filter.backendID)
        }
        query.equal("model_id", filter.modelID)
        query.startsWith("model_id", filter.modelIDPrefix)
        query.status(filter.status)
        query.times(
            createdSince: filter.createdSince, createdBefore: filter.createdBefore, unusedSince: filter.unusedSince)
        return query.select(SQLiteRows.trainingColumns, from: "training_runs", limit: filter.limit)
    }

    /// The SELECT behind ``evalResults(matching:)``: ids by the primary key, a model id by
    /// `eval_results_by_model_task`.
    static func query(_ filter: EvalResultFilter) -> (sql: String, arguments: [SQLiteQuery.Argument]) {
        var query = SQLiteFilterQuery()
        query.ids(filter.ids)
        query.equal("backend", filter.backendID)
        query.equal("model_id", filter.modelID)
        query.oneOf("task", filter.tasks)
        query.equal("params_hash", filter.paramsHash)
        query.status(filter.status)
        query.times(
            createdSince: filter.createdSince, createdBefore: filter.createdBefore, unusedSince: filter.unusedSince)
        return query.select(SQLiteRows.evalColumns, from: "eval_results", limit: filter.limit)
    }

    /// A summary of the store, read in one transaction.
    ///
    /// Entry counts come from `entry_counts`, which triggers keep, so the summary costs the same for a
    /// thousand entries or a million.
    /// Saved time is derived, never stored: the sum over entries of hit count × (finished − started).
    /// Hits still waiting in memory are written first, so that the summary counts them.
    public func statistics() async throws -> CacheStatistics {
        if access == .readWrite { try await flushHits() }
        let path = path
        return try await read { db in
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            let entries = try SQLiteQuery.rows(
                db, cached: true,
                sql: version >= 3
                    ? """
                    SELECT kind, backend, status, entries FROM entry_counts WHERE entries > 0
                    ORDER BY kind, backend, status
                    """
                    // A database read as it is, from before the kept counts (migration 3): count.
                    : """
                    SELECT 'eval', backend, status, count(*) FROM eval_results GROUP BY backend, status
                    UNION ALL
                    SELECT 'training', backend, status, count(*) FROM training_runs GROUP BY backend, status
                    ORDER BY 1, 2, 3
                    """,
                arguments: []
            ) { row in
                let status = try SQLiteRows.string(row, 2, "status")
                guard let entryStatus = EntryStatus(rawValue: status) else {
                    throw SQLiteUnreadableValue(column: "status", detail: "unknown status \"\(status)\"")
                }
                return CacheStatistics.EntryCount(
                    kind: try SQLiteRows.string(row, 0, "kind"), backendID: try SQLiteRows.string(row, 1, "backend"),
                    status: entryStatus, count: Int(try SQLiteRows.integer(row, 3, "count")))
            }

            // Only entries with hits saved anything; partial indexes make this independent of the store
            // size. The times are subtracted in Swift, to the millisecond, as the records compute them.
            var hits: [String: Int] = [:]
            var saved: [String: Double] = [:]
            let served = try SQLiteQuery.rows(
                db, cached: true,
                sql: """
                    SELECT backend, hit_count, started_at, finished_at FROM training_runs WHERE hit_count > 0
                    UNION ALL
                    SELECT backend, hit_count, started_at, finished_at FROM eval_results WHERE hit_count > 0
                    """,
                arguments: []
            ) { row in
                (
                    backend: try SQLiteRows.string(row, 0, "backend"),
                    count: Int(try SQLiteRows.integer(row, 1, "hit_count")),
                    started: try SQLiteRows.optionalDate(row, 2, "started_at"),
                    finished: try SQLiteRows.optionalDate(row, 3, "finished_at")
                )
            }
            for entry in served {
                hits[entry.backend, default: 0] += entry.count
                if let started = entry.started, let finished = entry.finished {
                    saved[entry.backend, default: 0] += Double(entry.count) * finished.timeIntervalSince(started)
                }
            }
            let backends = Set(entries.map(\.backendID)).union(hits.keys).sorted()
            let uploads = try Int.fetchOne(db, sql: "SELECT count(*) FROM dataset_uploads") ?? 0
            let memos = try Int.fetchOne(db, sql: "SELECT count(*) FROM file_hash_memo") ?? 0
            return CacheStatistics(
                entries: entries,
                savings: backends.map {
                    CacheStatistics.Savings(backendID: $0, hits: hits[$0] ?? 0, savedSeconds: saved[$0] ?? 0)
                },
                datasetUploads: uploads, memoizedFiles: memos, schemaVersion: version,
                sizeBytes: Self.fileSize(path) + Self.fileSize(path + "-wal"))
        }
    }

    /// Deletes entries by id in one transaction; returns how many existed.
    @discardableResult
    public func removeEntries(_ ids: [EntryID]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let unique = Array(Set(ids))
        return try await write { db in
            var removed = 0
            for id in unique {
                switch id {
                case .training(let id):
                    try SQLiteQuery.execute(
                        db, sql: "DELETE FROM training_runs WHERE id = ?", arguments: [.integer(id)])
                case .eval(let id):
                    try SQLiteQuery.execute(db, sql: "DELETE FROM eval_results WHERE id = ?", arguments: [.integer(id)])
                }
                removed += db.changesCount
            }
            return removed
        }
    }

    /// The size of a file in bytes, 0 when it does not exist.
    static func fileSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}

// MARK: - Datasets

extension SQLiteCacheBackend {
    /// The training runs per dataset and backend, counted by SQLite in one pass over the table: no run
    /// is read into a record.
    public func datasetTrainingCounts() async throws -> [DatasetTrainingCount] {
        try await read { db in
            try SQLiteQuery.rows(
                db, cached: false,
                sql: """
                    SELECT dataset_hash, backend, count(*), max(created_at) FROM training_runs
                    GROUP BY dataset_hash, backend ORDER BY dataset_hash, backend
                    """,
                arguments: []
            ) { row in
                DatasetTrainingCount(
                    datasetHash: try SQLiteRows.string(row, 0, "training_runs.dataset_hash"),
                    backendID: try SQLiteRows.string(row, 1, "training_runs.backend"),
                    runs: Int(try SQLiteRows.integer(row, 2, "count(*)")),
                    lastCreatedAt: try SQLiteRows.date(row, 3, "training_runs.created_at"))
            }
        }
    }
}
