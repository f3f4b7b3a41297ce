import Foundation
import GRDB

/// How the SQLite store selects rows of `training_runs` and `eval_results` and turns them into records.
///
/// Queries select ``trainingColumns`` or ``evalColumns`` and the decoders read the columns by position,
/// which is the fastest way GRDB offers. A value that cannot be read (a NULL where the schema forbids
/// it, an unknown status, damaged JSON) throws ``SQLiteUnreadableValue`` rather than crashing.
enum SQLiteRows {
    // MARK: - Training runs

    /// The columns of `training_runs`, in the order ``trainingRun(_:)`` reads them.
    static let trainingColumns = """
        id, backend, dataset_hash, config_hash, config_json, status, job_id, model_id, metadata_json, error, \
        created_at, started_at, finished_at, host, pid, lease_owner, lease_expires_at, hit_count, last_hit_at
        """

    /// A training run from a row of ``trainingColumns``.
    static func trainingRun(_ row: Row) throws -> TrainingRunRecord {
        let metadata = try optionalString(row, 8, "training_runs.metadata_json").map {
            try SQLiteStoredJSON.value($0, column: "training_runs.metadata_json")
        }
        return TrainingRunRecord(
            id: try integer(row, 0, "training_runs.id"),
            key: TrainingKey(
                backendID: try string(row, 1, "training_runs.backend"),
                datasetHash: try string(row, 2, "training_runs.dataset_hash"),
                configHash: try string(row, 3, "training_runs.config_hash")),
            config: try SQLiteStoredJSON.value(
                try string(row, 4, "training_runs.config_json"), column: "training_runs.config_json"),
            status: try status(row, 5, "training_runs.status"),
            jobID: try optionalString(row, 6, "training_runs.job_id"),
            modelID: try optionalString(row, 7, "training_runs.model_id"),
            metadata: metadata,
            error: try optionalString(row, 9, "training_runs.error"),
            createdAt: try date(row, 10, "training_runs.created_at"),
            startedAt: try optionalDate(row, 11, "training_runs.started_at"),
            finishedAt: try optionalDate(row, 12, "training_runs.finished_at"),
            host: try optionalString(row, 13, "training_runs.host"),
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
    static func evalResult(_ row: Row) throws -> EvalResultRecord {
        let metrics = try optionalString(row, 8, "eval_results.metrics_json").map {
            try SQLiteStoredJSON.metrics($0, column: "eval_results.metrics_json")
        }
        let sampleCount = try optionalInteger(row, 9, "eval_results.sample_count").map { Int($0) }
        return EvalResultRecord(
            id: try integer(row, 0, "eval_results.id"),
            key: EvalKey(
                backendID: try string(row, 1, "eval_results.backend"),
                modelID: try string(row, 2, "eval_results.model_id"),
                task: try string(row, 3, "eval_results.task"),
                paramsHash: try string(row, 4, "eval_results.params_hash")),
            params: try SQLiteStoredJSON.value(
                try string(row, 5, "eval_results.params_json"), column: "eval_results.params_json"),
            status: try status(row, 6, "eval_results.status"),
            jobID: try optionalString(row, 7, "eval_results.job_id"),
            metrics: metrics,
            sampleCount: sampleCount,
            logPath: try optionalString(row, 10, "eval_results.log_path"),
            error: try optionalString(row, 11, "eval_results.error"),
            createdAt: try date(row, 12, "eval_results.created_at"),
            startedAt: try optionalDate(row, 13, "eval_results.started_at"),
            finishedAt: try optionalDate(row, 14, "eval_results.finished_at"),
            host: try optionalString(row, 15, "eval_results.host"),
            pid: try optionalPID(row, 16, "eval_results.pid"),
            lease: try lease(row, 17, 18, "eval_results"),
            hitCount: Int(try integer(row, 19, "eval_results.hit_count")),
            lastHitAt: try optionalDate(row, 20, "eval_results.last_hit_at"))
    }

    // MARK: - Columns

    static func string(_ row: Row, _ index: Int, _ column: String) throws -> String {
        guard let value = try optionalString(row, index, column) else {
            throw SQLiteUnreadableValue(column: column, detail: "NULL where a value is required")
        }
        return value
    }

    static func optionalString(_ row: Row, _ index: Int, _ column: String) throws -> String? {
        do {
            return try row.decode(String?.self, atIndex: index)
        } catch {
            throw SQLiteUnreadableValue(column: column, detail: "not text: \(error)")
        }
    }

    static func integer(_ row: Row, _ index: Int, _ column: String) throws -> Int64 {
        guard let value = try optionalInteger(row, index, column) else {
            throw SQLiteUnreadableValue(column: column, detail: "NULL where a number is required")
        }
        return value
    }

    static func optionalInteger(_ row: Row, _ index: Int, _ column: String) throws -> Int64? {
        do {
            return try row.decode(Int64?.self, atIndex: index)
        } catch {
            throw SQLiteUnreadableValue(column: column, detail: "not an integer: \(error)")
        }
    }

    private static func optionalPID(_ row: Row, _ index: Int, _ column: String) throws -> Int32? {
        try optionalInteger(row, index, column).map {
            guard let pid = Int32(exactly: $0) else {
                throw SQLiteUnreadableValue(column: column, detail: "\($0) is not a process id")
            }
            return pid
        }
    }

    private static func status(_ row: Row, _ index: Int, _ column: String) throws -> EntryStatus {
        let text = try string(row, index, column)
        guard let status = EntryStatus(rawValue: text) else {
            throw SQLiteUnreadableValue(column: column, detail: "unknown status \"\(text)\"")
        }
        return status
    }

    static func date(_ row: Row, _ index: Int, _ column: String) throws -> Date {
        guard let date = try optionalDate(row, index, column) else {
            throw SQLiteUnreadableValue(column: column, detail: "NULL where a time is required")
        }
        return date
    }

    static func optionalDate(_ row: Row, _ index: Int, _ column: String) throws -> Date? {
        try optionalString(row, index, column).map {
            guard let date = SQLiteTimestamp.date(from: $0) else {
                throw SQLiteUnreadableValue(
                    column: column, detail: "\"\($0)\" is not a time like 2026-11-25T11:47:53.123Z")
            }
            return date
        }
    }

    private static func lease(_ row: Row, _ ownerIndex: Int, _ expiryIndex: Int, _ table: String) throws -> Lease? {
        guard let owner = try optionalString(row, ownerIndex, "\(table).lease_owner") else { return nil }
        let expiresAt = try date(row, expiryIndex, "\(table).lease_expires_at")
        return Lease(owner: owner, expiresAt: expiresAt)
    }
}
