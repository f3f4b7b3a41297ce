import Foundation
import GRDB
import MOCache

/// Test data set-up: fills `training_runs` with succeeded synthetic runs, in batches of one transaction
/// each, straight through GRDB.
///
/// This is how the scenarios make databases of 100k or 1M entries in seconds; the store's public API
/// writes one run in three transactions (claim, job started, finish). It writes the same columns the store
/// writes for a succeeded run, and the table's CHECK constraints still hold every row to the schema.
/// Nothing measured as a lookup goes through here: lookups go through ``SQLiteCacheBackend``.
enum BulkImport {
    /// The configuration JSON of synthetic entry `index`: the shape the wrappers store.
    static func configJSON(_ index: Int) -> String {
        """
        {"base_model":"llama-3-8b","hyperparameters":{"batch_size":16,"epochs":3,"learning_rate":0.0001,\
        "seed":\(index)},"options":{},"replicate":0}
        """
    }

    /// Inserts entries `range` of namespace `namespace` into the database at `path`, `batchSize` per
    /// transaction, and returns each batch's duration in nanoseconds.
    @discardableResult
    static func insert(
        path: String, range: Range<Int>, namespace: UInt64 = 0, batchSize: Int
    ) throws -> [Int64] {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // Set-up only: a big page cache for the random-order index inserts.
            try db.execute(sql: "PRAGMA cache_size = -262144")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer {
            do {
                try queue.close()
            } catch {
                Progress.say("closing the import connection failed: \(error)")
            }
        }
        let timestamp = "2026-01-01T00:00:00.000Z"
        let clock = ContinuousClock()
        var batches: [Int64] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + batchSize, range.upperBound)
            let began = clock.now
            try queue.inTransaction(.immediate) { db in
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT INTO training_runs (
                            backend, dataset_hash, config_hash, config_json, status, job_id, model_id,
                            created_at, started_at, finished_at, host, pid)
                        VALUES (?, ?, ?, ?, 'succeeded', ?, ?, ?, ?, ?, 'bench-host', 1)
                        """)
                for index in start..<end {
                    let key = BenchKeys.key(index, namespace: namespace)
                    try statement.execute(arguments: [
                        key.backendID, key.datasetHash, key.configHash, configJSON(index), "job-\(index)",
                        "bench:model-\(namespace)-\(index)", timestamp, timestamp, timestamp,
                    ])
                }
                return .commit
            }
            batches.append(began.duration(to: clock.now).nanoseconds)
            start = end
        }
        try queue.writeWithoutTransaction { db in
            _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        return batches
    }
}
