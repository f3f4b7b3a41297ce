import Foundation

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

    /// Matches rows whose `column` starts with `prefix`; `nil` or empty matches everything.
    mutating func prefix(_ column: String, _ prefix: String?) {
        guard let prefix, !prefix.isEmpty else { return }
        conditions.append("substr(\(column), 1, ?) = ?")
        arguments += [.integer(Int64(prefix.unicodeScalars.count)), .text(prefix)]
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
            arguments.append(.text(SQLiteTimestamp.string(from: createdSince)))
        }
        if let createdBefore {
            conditions.append("created_at < ?")
            arguments.append(.text(SQLiteTimestamp.string(from: createdBefore)))
        }
        if let unusedSince {
            conditions.append("coalesce(last_hit_at, created_at) < ?")
            arguments.append(.text(SQLiteTimestamp.string(from: unusedSince)))
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
