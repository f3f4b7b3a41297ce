import PostgresNIO

/// A statement put together from pieces (a filter's conditions), every value bound as a parameter:
/// the SQL text holds only fixed words and `$n` placeholders.
struct PostgresQueryBuilder {
    /// The SQL so far.
    private(set) var sql: String
    /// The values of the placeholders so far.
    private var binds = PostgresBindings()
    /// The conditions joined by `AND` into the `WHERE` clause.
    private var conditions: [String] = []

    /// Starts a statement with `sql`.
    init(_ sql: String) {
        self.sql = sql
    }

    /// Binds `value` and returns its placeholder.
    mutating func bind<Value: PostgresNonThrowingEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Adds a condition; `make` receives the placeholder of `value`.
    mutating func require<Value: PostgresNonThrowingEncodable>(_ value: Value?, _ make: (String) -> String) {
        guard let value else { return }
        conditions.append(make(bind(value)))
    }

    /// Adds a condition that binds nothing.
    mutating func require(_ condition: String) {
        conditions.append(condition)
    }

    /// The statement: the start, the `WHERE` clause, then `tail`.
    func query(_ tail: String) -> PostgresQuery {
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return PostgresQuery(unsafeSQL: sql + filter + " " + tail, binds: binds)
    }
}
