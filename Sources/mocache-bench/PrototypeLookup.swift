import Foundation
import GRDB
import GRDBSQLite
import MOCache

/// A sketch of a cheaper hit lookup, for `lookup --breakdown`: what ``SQLiteCacheBackend`` would cost with
/// the fixes this benchmark suggests, measured rather than guessed. Not used by mocache itself.
///
/// It reads through one dedicated read-only connection (no pool checkout, no `PRAGMA schema_version` per
/// read), binds and steps GRDB's cached statement with `sqlite3_*` (no `Row`, no `StatementArguments`),
/// and builds the whole ``TrainingRunRecord``, dates included. The configuration is parsed from
/// `config_json`, or, with `configMemo`, taken from a memo keyed by the config hash (the hash names the
/// canonical text exactly, so a memoized value can never be stale).
final class PrototypeLookup {
    private let queue: DatabaseQueue
    private let sql: String
    private var memo: [String: JSONValue] = [:]
    private let configMemo: Bool

    init(path: String, configuration: Configuration, configMemo: Bool) throws {
        queue = try DatabaseQueue(path: path, configuration: configuration)
        sql =
            "SELECT \(RawTrainingLookup.columns) FROM training_runs "
            + "WHERE backend = ? AND dataset_hash = ? AND config_hash = ?"
        self.configMemo = configMemo
    }

    func close() throws {
        try queue.close()
    }

    /// The record for `key`, or `nil`.
    func lookup(_ key: TrainingKey) throws -> TrainingRunRecord? {
        try queue.inDatabase { db -> TrainingRunRecord? in
            let statement = try db.cachedStatement(sql: sql).sqliteStatement
            defer {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            }
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
            guard code == SQLITE_ROW else { return nil }
            func text(_ column: Int32) -> String? {
                guard let bytes = sqlite3_column_text(statement, column) else { return nil }
                let count = Int(sqlite3_column_bytes(statement, column))
                return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
            }
            func date(_ column: Int32) -> Date? {
                text(column).flatMap(Self.date)
            }
            let configHash = text(3) ?? ""
            let config: JSONValue
            if configMemo, let known = memo[configHash] {
                config = known
            } else {
                config = try JSONValue(parsing: text(4) ?? "null")
                if configMemo { memo[configHash] = config }
            }
            return TrainingRunRecord(
                id: sqlite3_column_int64(statement, 0),
                key: TrainingKey(backendID: text(1) ?? "", datasetHash: text(2) ?? "", configHash: configHash),
                config: config, status: EntryStatus(rawValue: text(5) ?? "") ?? .failed, jobID: text(6),
                modelID: text(7), metadata: try text(8).map { try JSONValue(parsing: $0) }, error: text(9),
                createdAt: date(10) ?? Date(timeIntervalSince1970: 0), startedAt: date(11), finishedAt: date(12),
                host: text(13), pid: Int32(truncatingIfNeeded: sqlite3_column_int64(statement, 14)), lease: nil,
                hitCount: Int(sqlite3_column_int64(statement, 17)), lastHitAt: date(18))
        }
    }

    /// `2026-01-01T00:00:00.000Z` as a date (fixed width, UTC).
    static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int {
            bytes[start..<start + count].reduce(0) { $0 * 10 + Int($1 &- 48) }
        }
        var year = number(0, 4)
        let month = number(5, 2)
        let day = number(8, 2)
        // Days from civil (Howard Hinnant).
        year -= month <= 2 ? 1 : 0
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = ((days * 24 + number(11, 2)) * 60 + number(14, 2)) * 60 + number(17, 2)
        return Date(timeIntervalSince1970: Double(seconds) + Double(number(20, 3)) / 1000)
    }
}
