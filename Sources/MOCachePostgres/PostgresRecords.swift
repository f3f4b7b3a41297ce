import Foundation
import MOCacheCore
import PostgresNIO

/// The columns the store reads for a record, and how a row of them becomes one.
enum PostgresRecords {
    /// A training run's columns, in the order ``trainingRun(_:)`` decodes them.
    static let trainingColumns = """
        id, backend, dataset_hash, config_hash, config_json::text, status, job_id, model_id, metadata_json::text, \
        error, created_at, started_at, finished_at, host, pid, lease_owner, lease_expires_at, hit_count, last_hit_at
        """

    /// How many columns ``trainingColumns`` has: a column after them (the claim's verdict) is at this index.
    static let trainingColumnCount = 19

    /// An evaluation result's columns, in the order ``evalResult(_:)`` decodes them.
    static let evalColumns = """
        id, backend, model_id, task, params_hash, params_json::text, status, job_id, metrics_json::text, \
        sample_count, log_path, error, created_at, started_at, finished_at, host, pid, lease_owner, \
        lease_expires_at, hit_count, last_hit_at
        """

    /// How many columns ``evalColumns`` has.
    static let evalColumnCount = 21

    /// The training run a row of ``trainingColumns`` holds.
    static func trainingRun(_ row: PostgresRow) throws -> TrainingRunRecord {
        let (
            id, backend, datasetHash, configHash, configText, statusText, jobID, modelID, metadataText, error,
            createdAt, startedAt, finishedAt, host, pid, leaseOwner, leaseExpiresAt, hitCount, lastHitAt
        ) = try row.decode(
            (
                Int64, String, String, String, String, String, String?, String?, String?, String?, Date, Date?,
                Date?, String?, Int32?, String?, Date?, Int64, Date?
            ).self)
        return TrainingRunRecord(
            id: id, key: TrainingKey(backendID: backend, datasetHash: datasetHash, configHash: configHash),
            configDocument: DeferredJSON(try document(configText, column: "config_json", id: id)),
            status: try status(statusText, id: id), jobID: jobID, modelID: modelID,
            metadataDocument: try metadataText.map { DeferredJSON(try document($0, column: "metadata_json", id: id)) },
            error: error, createdAt: createdAt, startedAt: startedAt, finishedAt: finishedAt, host: host, pid: pid,
            lease: lease(leaseOwner, leaseExpiresAt), hitCount: Int(hitCount), lastHitAt: lastHitAt)
    }

    /// The evaluation result a row of ``evalColumns`` holds.
    static func evalResult(_ row: PostgresRow) throws -> EvalResultRecord {
        let (
            id, backend, modelID, task, paramsHash, paramsText, statusText, jobID, metricsText, sampleCount,
            logPath, error, createdAt, startedAt, finishedAt, host, pid, leaseOwner, leaseExpiresAt, hitCount,
            lastHitAt
        ) = try row.decode(
            (
                Int64, String, String, String, String, String, String, String?, String?, Int32?, String?, String?,
                Date, Date?, Date?, String?, Int32?, String?, Date?, Int64, Date?
            ).self)
        return EvalResultRecord(
            id: id, key: EvalKey(backendID: backend, modelID: modelID, task: task, paramsHash: paramsHash),
            params: try document(paramsText, column: "params_json", id: id), status: try status(statusText, id: id),
            jobID: jobID, metrics: try metricsText.map { try metrics($0, id: id) },
            sampleCount: sampleCount.map(Int.init),
            logPath: logPath, error: error, createdAt: createdAt, startedAt: startedAt, finishedAt: finishedAt,
            host: host, pid: pid, lease: lease(leaseOwner, leaseExpiresAt), hitCount: Int(hitCount),
            lastHitAt: lastHitAt)
    }

    /// The Boolean in column `index` of `row`: the verdict a claim adds after the record's columns.
    static func flag(_ row: PostgresRow, at index: Int) throws -> Bool {
        try row.makeRandomAccess()[index].decode(Bool.self)
    }

    /// The text of `document` for a jsonb column: its canonical JSON, which PostgreSQL reads exactly
    /// (numbers keep every digit).
    static func text(_ document: JSONValue) throws -> String {
        try document.canonicalJSON()
    }

    /// The text of a metrics object.
    static func text(_ metrics: [String: Double]) throws -> String {
        try JSONValue.object(metrics.mapValues { .number($0) }).canonicalJSON()
    }

    // MARK: - Columns

    private static func document(_ text: String, column: String, id: Int64) throws -> JSONValue {
        do {
            return try JSONValue(parsing: readable(text))
        } catch {
            throw MOCacheError(
                .notADatabase, "The \(column) of row \(id) holds JSON mocache cannot read (\(error)); remove the row.")
        }
    }

    /// jsonb's text with every integer of more than 16 digits given an exponent (`e0`).
    ///
    /// jsonb keeps a number's digits but writes `1e+21` as `1000000000000000000000`, an integer the
    /// strict parser refuses (it could not be told from an id that lost its last digits); written
    /// with an exponent it is the double it always was.
    static func readable(_ text: String) -> String {
        var result = ""
        var digits = 0
        var inString = false
        var escaped = false
        var inNumber = false
        var isInteger = true
        func endNumber() {
            if inNumber && isInteger && digits > 16 { result += "e0" }
            inNumber = false
            digits = 0
            isInteger = true
        }
        for character in text {
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
            } else if character.isASCII && (character.isNumber || character == "-") {
                inNumber = true
                if character.isNumber { digits += 1 }
            } else if inNumber && (character == "." || character == "e" || character == "E" || character == "+") {
                isInteger = false
            } else {
                endNumber()
                if character == "\"" { inString = true }
            }
            result.append(character)
        }
        endNumber()
        return result
    }

    private static func metrics(_ text: String, id: Int64) throws -> [String: Double] {
        guard case .object(let members) = try document(text, column: "metrics_json", id: id) else {
            throw MOCacheError(.notADatabase, "The metrics_json of eval result \(id) is not an object; remove the row.")
        }
        var metrics: [String: Double] = [:]
        for (name, value) in members {
            guard case .number(let number) = value else {
                throw MOCacheError(
                    .notADatabase, "The metric \(name) of eval result \(id) is not a number; remove the row.")
            }
            metrics[name] = number
        }
        return metrics
    }

    private static func status(_ text: String, id: Int64) throws -> EntryStatus {
        guard let status = EntryStatus(rawValue: text) else {
            throw MOCacheError(.notADatabase, "Row \(id) has the unknown status \(text); remove the row.")
        }
        return status
    }

    private static func lease(_ owner: String?, _ expiresAt: Date?) -> Lease? {
        guard let owner, let expiresAt else { return nil }
        return Lease(owner: owner, expiresAt: expiresAt)
    }
}
