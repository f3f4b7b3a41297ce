import Foundation
import GRDB
import MOCacheCore

/// How the SQLite store selects rows of `training_runs` and `eval_results` and turns them into records.
///
/// Queries select ``trainingColumns`` or ``evalColumns`` and the decoders read the columns by position,
/// in place (``SQLiteColumns``). A value that cannot be read (a NULL where the schema forbids it, an
/// unknown status, damaged JSON) throws ``SQLiteUnreadableValue`` rather than crashing.
enum SQLiteRows {
    // MARK: - Training runs

    /// The columns of `training_runs`, in the order ``trainingRun(_:)`` reads them.
    static let trainingColumns = """
        id, backend, dataset_hash, config_hash, config_json, status, job_id, model_id, metadata_json, error, \
        created_at, started_at, finished_at, host, pid, lease_owner, lease_expires_at, hit_count, last_hit_at
        """

    /// A training run from a row of ``trainingColumns``.
    ///
    /// - Parameter key: The key the row was looked up by, which it holds; its columns are then not read
    ///   again.
    static func trainingRun(_ row: SQLiteColumns, key: TrainingKey? = nil) throws -> TrainingRunRecord {
        TrainingRunRecord(
            id: try integer(row, 0, "training_runs.id"),
            key: try key
                ?? TrainingKey(
                    backendID: try string(row, 1, "training_runs.backend"),
                    datasetHash: try string(row, 2, "training_runs.dataset_hash"),
                    configHash: try string(row, 3, "training_runs.config_hash")),
            configDocument: try document(row, 4, "training_runs.config_json"),
            status: try status(row, 5, "training_runs.status"),
            jobID: row.optionalString(6),
            modelID: row.optionalString(7),
            metadataDocument: try optionalJSON(row, 8, "training_runs.metadata_json").map(DeferredJSON.init),
            error: row.optionalString(9),
            createdAt: try date(row, 10, "training_runs.created_at"),
            startedAt: try optionalDate(row, 11, "training_runs.started_at"),
            finishedAt: try optionalDate(row, 12, "training_runs.finished_at"),
            host: row.optionalString(13),
            pid: try optionalPID(row, 14, "training_runs.pid"),
            lease: try lease(row, 15, 16, "training_runs"),
            hitCount: Int(try integer(row, 17, "training_runs.hit_count")),
            lastHitAt: try optionalDate(row, 18, "training_runs.last_hit_at"))
    }

    // MARK: - Evaluation results

    /// The columns of `eval_results`, in the order ``evalResult(_:)`` reads them.
    static let evalColumns = """
        id, backend, model_id, task, params_hash, params_json, status, job_id, metrics_json, sample_count, \
        log_path, error, created_at, started_at, finished_at, host, pid, lease_owner, lease_expires_at, hit_count, \
        last_hit_at
        """

    /// An evaluation result from a row of ``evalColumns``.
    ///
    /// - Parameter key: The key the row was looked up by, which it holds; its columns are then not read
    ///   again.
    static func evalResult(_ row: SQLiteColumns, key: EvalKey? = nil) throws -> EvalResultRecord {
        let metrics = try row.withBytes(8) { bytes in
            try bytes.map { try SQLiteStoredJSON.metrics(utf8: $0, column: "eval_results.metrics_json") }
        }
        return EvalResultRecord(
            id: try integer(row, 0, "eval_results.id"),
            key: try key
                ?? EvalKey(
                    backendID: try string(row, 1, "eval_results.backend"),
                    modelID: try string(row, 2, "eval_results.model_id"),
                    task: try string(row, 3, "eval_results.task"),
                    paramsHash: try string(row, 4, "eval_results.params_hash")),
            paramsDocument: try document(row, 5, "eval_results.params_json"),
            status: try status(row, 6, "eval_results.status"),
            jobID: row.optionalString(7),
            metrics: metrics,
            sampleCount: row.optionalInteger(9).map { Int($0) },
            logPath: row.optionalString(10),
            error: row.optionalString(11),
            createdAt: try date(row, 12, "eval_results.created_at"),
            startedAt: try optionalDate(row, 13, "eval_results.started_at"),
            finishedAt: try optionalDate(row, 14, "eval_results.finished_at"),
            host: row.optionalString(15),
            pid: try optionalPID(row, 16, "eval_results.pid"),
            lease: try lease(row, 17, 18, "eval_results"),
            hitCount: Int(try integer(row, 19, "eval_results.hit_count")),
            lastHitAt: try optionalDate(row, 20, "eval_results.last_hit_at"))
    }

    // MARK: - Columns

    static func string(_ row: SQLiteColumns, _ index: Int32, _ column: String) throws -> String {
        guard let value = row.optionalString(index) else {
            throw SQLiteUnreadableValue(column: column, detail: "NULL where a value is required")
        }
        return value
    }

    static func integer(_ row: SQLiteColumns, _ index: Int32, _ column: String) throws -> Int64 {
        guard let value = row.optionalInteger(index) else {
            throw SQLiteUnreadableValue(column: column, detail: "NULL where a number is required")
        }
        return value
    }

    static func date(_ row: SQLiteColumns, _ index: Int32, _ column: String) throws -> Date {
        guard let date = try optionalDate(row, index, column) else {
            throw SQLiteUnreadableValue(column: column, detail: "NULL where a time is required")
        }
        return date
    }

    static func optionalDate(_ row: SQLiteColumns, _ index: Int32, _ column: String) throws -> Date? {
        try row.withBytes(index) { bytes in
            guard let bytes else { return nil }
            guard let date = ISO8601Timestamp.parseExact(utf8: bytes) else {
                let text = String(decoding: bytes, as: UTF8.self)
                throw SQLiteUnreadableValue(
                    column: column, detail: "\"\(text)\" is not a time like 2026-11-25T11:47:53.123Z")
            }
            return date
        }
    }

    private static func document(_ row: SQLiteColumns, _ index: Int32, _ column: String) throws -> DeferredJSON {
        guard let document = try optionalDocument(row, index, column) else {
            throw SQLiteUnreadableValue(column: column, detail: "NULL where a JSON document is required")
        }
        return document
    }

    /// A JSON column parsed now: for documents that every reader uses, such as a model's metadata on a hit.
    private static func optionalJSON(_ row: SQLiteColumns, _ index: Int32, _ column: String) throws -> JSONValue? {
        try row.withBytes(index) { bytes in
            try bytes.map { try SQLiteStoredJSON.value(utf8: $0, column: column) }
        }
    }

    /// A JSON column, kept as text to parse on first use when it can be, else parsed now.
    private static func optionalDocument(_ row: SQLiteColumns, _ index: Int32, _ column: String) throws
        -> DeferredJSON?
    {
        try row.withBytes(index) { bytes in
            try bytes.map { bytes in
                try DeferredJSON(readableText: bytes)
                    ?? DeferredJSON(try SQLiteStoredJSON.value(utf8: bytes, column: column))
            }
        }
    }

    private static func optionalPID(_ row: SQLiteColumns, _ index: Int32, _ column: String) throws -> Int32? {
        try row.optionalInteger(index).map {
            guard let pid = Int32(exactly: $0) else {
                throw SQLiteUnreadableValue(column: column, detail: "\($0) is not a process id")
            }
            return pid
        }
    }

    private static func status(_ row: SQLiteColumns, _ index: Int32, _ column: String) throws -> EntryStatus {
        let text = try string(row, index, column)
        guard let status = EntryStatus(rawValue: text) else {
            throw SQLiteUnreadableValue(column: column, detail: "unknown status \"\(text)\"")
        }
        return status
    }

    private static func lease(_ row: SQLiteColumns, _ ownerIndex: Int32, _ expiryIndex: Int32, _ table: String)
        throws -> Lease?
    {
        guard let owner = row.optionalString(ownerIndex) else { return nil }
        return Lease(owner: owner, expiresAt: try date(row, expiryIndex, "\(table).lease_expires_at"))
    }
}
