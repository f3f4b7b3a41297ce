import Foundation
import MOCacheCore

/// Builds the SELECT behind the listing filters: conditions with bound values, newest first.
///
/// Only column names (fixed by the callers) go into the SQL text; every value is bound.
struct SQLiteFilterQuery {
    private var conditions: [String] = []
    private var arguments: [SQLiteQuery.Argument] = []

    /// Matches rows whose `column` equals `value`; `nil` matches everything.
    mutating func equal(_ column: String, _ value: String?) {
        guard let value else { return }
        conditions.append("\(column) = ?")
        arguments.append(.text(value))
    }

    /// Matches rows whose `column` starts with `prefix`, byte for byte; `nil` or empty matches everything.
    mutating func prefix(_ column: String, _ prefix: String?) {
        guard let prefix, !prefix.isEmpty else { return }
        startsWith(column, prefix)
    }

    /// Matches rows whose `column` is not NULL and starts with `prefix`, byte for byte; `nil` matches
    /// everything, an empty prefix every non-NULL value.
    ///
    /// The condition is a range, `column >= prefix AND column < successor`, which an index on `column`
    /// answers; `LIKE` and `GLOB` would need their wildcards escaped and would not use the index with a
    /// bound pattern.
    mutating func startsWith(_ column: String, _ prefix: String?) {
        guard let prefix else { return }
        conditions.append("\(column) >= ?")
        arguments.append(.text(prefix))
        if let successor = Self.successor(of: prefix) {
            conditions.append("\(column) < ?")
            arguments.append(.text(successor))
        }
    }

    /// Matches rows whose `id` is one of `ids`; `nil` matches everything, an empty list nothing.
    ///
    /// The ids are bound as one JSON array, so that any number of them fits in one statement.
    mutating func ids(_ ids: [Int64]?) {
        guard let ids else { return }
        guard !ids.isEmpty else {
            conditions.append("0")
            return
        }
        conditions.append("id IN (SELECT value FROM json_each(?))")
        arguments.append(.text("[" + ids.map(String.init).joined(separator: ",") + "]"))
    }

    /// Matches rows in `status`; `nil` matches everything.
    ///
    /// The status is written into the SQL as one of five fixed literals, chosen here (it never comes
    /// from the caller's text): SQLite uses a partial index such as `training_runs_by_model_id` (`WHERE
    /// status = 'succeeded'`) only when the query's own text implies the index's condition, which a
    /// bound value does not.
    mutating func status(_ status: EntryStatus?) {
        guard let status else { return }
        switch status {
        case .pending: conditions.append("status = 'pending'")
        case .running: conditions.append("status = 'running'")
        case .succeeded: conditions.append("status = 'succeeded'")
        case .failed: conditions.append("status = 'failed'")
        case .cancelled: conditions.append("status = 'cancelled'")
        }
    }

    /// Matches rows whose id the subquery `inner` selects from `table`, when `inner` has conditions.
    ///
    /// A subquery on columns that an index covers scans that index instead of the table: a config hash
    /// prefix is then read from `training_runs`' key index (backend, dataset hash, config hash), a
    /// fraction of the table's size, and only the matching rows are read whole.
    mutating func idIn(_ inner: SQLiteFilterQuery, from table: String) {
        guard !inner.conditions.isEmpty else { return }
        conditions.append(
            "id IN (SELECT id FROM \(table) WHERE " + inner.conditions.joined(separator: " AND ") + ")")
        arguments += inner.arguments
    }

    /// The least string greater than every string that starts with `prefix` (in SQLite's binary order,
    /// which is the order of Unicode scalars), or `nil` when there is none.
    ///
    /// It is `prefix` with its last scalar replaced by the next one; a last scalar with no next one is
    /// dropped and the one before it is replaced instead.
    static func successor(of prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            var value = last.value + 1
            if value == 0xD800 { value = 0xE000 }  // Surrogates are not scalars.
            if let next = Unicode.Scalar(value) {
                scalars.append(next)
                var successor = String.UnicodeScalarView()
                successor.append(contentsOf: scalars)
                return String(successor)
            }
        }
        return nil
    }

    /// Matches rows whose `column` is one of `values`; `nil` matches everything, an empty list nothing.
    mutating func oneOf(_ column: String, _ values: [String]?) {
        guard let values else { return }
        guard !values.isEmpty else {
            conditions.append("0")
            return
        }
        conditions.append("\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
        arguments += values.map { .text($0) }
    }

    /// Matches rows created in `[createdSince, createdBefore)` and not served since `unusedSince` (a
    /// row never served counts by its creation time).
    mutating func times(createdSince: Date?, createdBefore: Date?, unusedSince: Date?) {
        if let createdSince {
            conditions.append("created_at >= ?")
            arguments.append(.text(ISO8601Timestamp.format(createdSince)))
        }
        if let createdBefore {
            conditions.append("created_at < ?")
            arguments.append(.text(ISO8601Timestamp.format(createdBefore)))
        }
        if let unusedSince {
            conditions.append("coalesce(last_hit_at, created_at) < ?")
            arguments.append(.text(ISO8601Timestamp.format(unusedSince)))
        }
    }

    /// The query selecting `columns` from `table`, newest first, at most `limit` rows.
    func select(_ columns: String, from table: String, limit: Int?) -> (sql: String, arguments: [SQLiteQuery.Argument])
    {
        var sql = "SELECT \(columns) FROM \(table)"
        if !conditions.isEmpty {
            sql += " WHERE " + conditions.joined(separator: " AND ")
        }
        sql += " ORDER BY created_at DESC, id DESC"
        var arguments = arguments
        if let limit {
            sql += " LIMIT ?"
            arguments.append(.integer(Int64(max(0, limit))))
        }
        return (sql, arguments)
    }
}
