import Foundation
import GRDB
import GRDBSQLite
import MOCache

extension WorkerCommand {
    /// `bench-lookup PATH ENTRIES LOOKUPS`: fills a new database with ENTRIES succeeded training runs
    /// (unless it already has them), then times LOOKUPS hits in random order through
    /// `SQLiteCacheBackend.trainingRun(for:)` and through SQLite's C API (one prepared statement, the
    /// same columns read in place). Prints `store_median_ns=`, `store_p99_ns=`, `raw_median_ns=`,
    /// `raw_p99_ns=` and `ratio=`. A measuring aid for the store's own tuning; the benchmark program
    /// `mocache-bench` is the reference.
    static let benchLookup = WorkerCommand(name: "bench-lookup", usage: "PATH ENTRIES LOOKUPS") { arguments in
        let checked = try expect(arguments, count: 3)
        guard let entries = Int(checked[1]), let lookups = Int(checked[2]), entries > 0, lookups > 0 else {
            throw WorkerUsageError(message: "ENTRIES and LOOKUPS must be positive numbers")
        }
        let path = checked[0]
        let store = try await SQLiteCacheBackend(path: path, logger: logger)
        try await fill(path, entries: entries)
        let keys = (0..<lookups).map { _ in benchKey(Int.random(in: 0..<entries)) }

        for key in keys.prefix(1000) { _ = try await store.trainingRun(for: key) }
        var storeTimes: [UInt64] = []
        storeTimes.reserveCapacity(lookups)
        for key in keys {
            let start = DispatchTime.now().uptimeNanoseconds
            let record = try await store.trainingRun(for: key)
            storeTimes.append(DispatchTime.now().uptimeNanoseconds - start)
            guard record != nil else { throw WorkerUsageError(message: "missed \(key)") }
        }
        try await store.close()

        let raw = try RawLookup(path: path)
        for key in keys.prefix(1000) { _ = raw.lookup(key) }
        var rawTimes: [UInt64] = []
        rawTimes.reserveCapacity(lookups)
        for key in keys {
            let start = DispatchTime.now().uptimeNanoseconds
            let bytes = raw.lookup(key)
            rawTimes.append(DispatchTime.now().uptimeNanoseconds - start)
            guard bytes > 0 else { throw WorkerUsageError(message: "raw missed \(key)") }
        }
        let storeMedian = percentile(storeTimes, 0.5)
        let rawMedian = percentile(rawTimes, 0.5)
        print("store_median_ns=\(storeMedian)")
        print("store_p99_ns=\(percentile(storeTimes, 0.99))")
        print("raw_median_ns=\(rawMedian)")
        print("raw_p99_ns=\(percentile(rawTimes, 0.99))")
        print("ratio=\(Double(storeMedian) / Double(rawMedian))")
    }

    /// `bench-browse PATH`: opens the database read-only and prints how long, in milliseconds, opening it,
    /// `statistics()` and listing the 20 newest runs take (`open_ms=`, `stats_ms=`, `list_ms=`).
    static let benchBrowse = WorkerCommand(name: "bench-browse", usage: "PATH") { arguments in
        let path = try expect(arguments, count: 1)[0]
        var start = DispatchTime.now().uptimeNanoseconds
        func lap() -> Double {
            let now = DispatchTime.now().uptimeNanoseconds
            defer { start = now }
            return Double(now - start) / 1e6
        }
        let store = try await SQLiteCacheBackend(path: path, access: .readOnly, logger: logger)
        print("open_ms=\(lap())")
        let statistics = try await store.statistics()
        print("stats_ms=\(lap()) entries=\(statistics.entries.reduce(0) { $0 + $1.count })")
        let runs = try await store.trainingRuns(matching: TrainingRunFilter(limit: 20))
        print("list_ms=\(lap()) runs=\(runs.count)")
        try await store.close()
    }

    /// `bench-record PATH COUNT`: claims and starts COUNT training runs, then finishes each in its own
    /// transaction, timed; prints `finish_median_ns=`, `finish_p99_ns=` and `finishes_per_s=`.
    static let benchRecord = WorkerCommand(name: "bench-record", usage: "PATH COUNT") { arguments in
        let checked = try expect(arguments, count: 2)
        guard let count = Int(checked[1]), count > 0 else {
            throw WorkerUsageError(message: "COUNT must be a positive number")
        }
        let store = try await SQLiteCacheBackend(path: checked[0], logger: logger)
        let worker = Worker(owner: "bench", host: "bench-host", pid: getpid())
        let base = Int.random(in: 0..<1 << 40)
        let keys = (0..<count).map { benchKey(base + $0) }
        for key in keys {
            _ = try await store.claimTrainingRun(
                for: key, config: .object(["seed": .number(1)]), lease: LeaseRequest(worker: worker))
            try await store.recordTrainingJobStarted(for: key, jobID: "job", worker: worker)
        }
        var times: [UInt64] = []
        let began = DispatchTime.now().uptimeNanoseconds
        for (index, key) in keys.enumerated() {
            let start = DispatchTime.now().uptimeNanoseconds
            try await store.finishTrainingRun(
                for: key, owner: worker.owner,
                outcome: .succeeded(modelID: "model-\(index)", metadata: .object(["loss": .number(0.5)])))
            times.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        try await store.close()
        print("finish_median_ns=\(percentile(times, 0.5))")
        print("finish_p99_ns=\(percentile(times, 0.99))")
        print("finishes_per_s=\(Double(count) / seconds)")
    }

    private static func benchKey(_ index: Int) -> TrainingKey {
        TrainingKey(backendID: "bench", datasetHash: String(repeating: "d", count: 64), configHash: hash(index))
    }

    private static func percentile(_ values: [UInt64], _ fraction: Double) -> UInt64 {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    /// Inserts the missing bench runs in one transaction, straight through GRDB.
    private static func fill(_ path: String, entries: Int) async throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let existing = try await queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM training_runs") ?? 0
        }
        guard existing < entries else { return }
        try await queue.write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO training_runs (backend, dataset_hash, config_hash, config_json, status, job_id,
                        model_id, metadata_json, created_at, started_at, finished_at, host, pid)
                    VALUES ('bench', ?, ?, ?, 'succeeded', ?, ?, '{"loss":0.25}', '2026-01-01T00:00:00.000Z',
                        '2026-01-01T00:00:00.000Z', '2026-01-01T00:10:00.000Z', 'bench-host', 1)
                    """)
            for index in existing..<entries {
                try statement.execute(arguments: [
                    String(repeating: "d", count: 64), hash(index),
                    #"{"base_model":"tiny","epochs":3,"learning_rate":0.001,"seed":\#(index)}"#, "job-\(index)",
                    "ft:tiny:\(index)",
                ])
            }
        }
        try queue.close()
    }
}

/// The floor: the same lookup through SQLite's C API, one prepared statement, columns read in place.
private final class RawLookup {
    private var connection: OpaquePointer?
    private var statement: OpaquePointer?

    init(path: String) throws {
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            throw WorkerUsageError(message: "cannot open \(path)")
        }
        for pragma in ["PRAGMA cache_size = -65536", "PRAGMA mmap_size = 1073741824"] {
            sqlite3_exec(connection, pragma, nil, nil, nil)
        }
        let sql = """
            SELECT id, backend, dataset_hash, config_hash, config_json, status, job_id, model_id, metadata_json,
                error, created_at, started_at, finished_at, host, pid, lease_owner, lease_expires_at, hit_count,
                last_hit_at
            FROM training_runs WHERE backend = ? AND dataset_hash = ? AND config_hash = ?
            """
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK else {
            throw WorkerUsageError(message: "cannot prepare the lookup")
        }
    }

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close_v2(connection)
    }

    /// The bytes of text in the row found, 0 for none.
    func lookup(_ key: TrainingKey) -> Int {
        defer { sqlite3_reset(statement) }
        let code = key.backendID.withCString { backend in
            key.datasetHash.withCString { dataset in
                key.configHash.withCString { config in
                    sqlite3_bind_text(statement, 1, backend, -1, nil)
                    sqlite3_bind_text(statement, 2, dataset, -1, nil)
                    sqlite3_bind_text(statement, 3, config, -1, nil)
                    return sqlite3_step(statement)
                }
            }
        }
        guard code == SQLITE_ROW else { return 0 }
        var bytes = 0
        for column in 0..<sqlite3_column_count(statement) where sqlite3_column_type(statement, column) == SQLITE_TEXT {
            if sqlite3_column_text(statement, column) != nil { bytes += Int(sqlite3_column_bytes(statement, column)) }
        }
        return bytes
    }
}
