import Foundation
import Logging
import MOCache
import MOCachePostgres
import PostgresNIO

/// A database of its own on a PostgreSQL server for one scenario: created beside the one `--db` names
/// (`mocache_bench_PID`; the user needs CREATEDB), given the store's schema by ``PostgresCacheBackend``,
/// filled with synthetic succeeded entries, and dropped at the end.
struct PostgresBenchDatabase: Sendable {
    /// The bench database, with the credentials of the URL it was made from.
    let location: PostgresLocation
    /// The URL of ``location`` for worker processes: the given URL with another database.
    let url: String
    /// Filled training runs (``BenchKeys/key(_:namespace:)`` 0..<entries).
    let entries: Int
    /// Filled eval results (``evalKey(_:)`` 0..<evals).
    let evals: Int

    /// The backend id of the synthetic eval results.
    static let evalBackendID = "bench"

    /// The key of eval result `index`: 100 models, tasks by index, one params hash.
    static func evalKey(_ index: Int) -> EvalKey {
        EvalKey(
            backendID: evalBackendID, modelID: "bench-model-\(index % 100)", task: "task-\(index)",
            paramsHash: String(repeating: "0", count: 64))
    }

    static let logger = Logger(label: "mocache-bench.postgres") { _ in SwiftLogNoOpLogHandler() }

    /// Creates the database beside `url`'s, makes the store's schema and fills it.
    static func make(url: String, entries: Int, evals: Int) async throws -> PostgresBenchDatabase {
        let admin = try PostgresLocation(url: url)
        let name = "mocache_bench_\(getpid())"
        // An identifier cannot be bound; this one is made here of letters, digits and underscores.
        try await execute(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), on: admin)
        try await execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), on: admin)
        let location = PostgresLocation(
            endpoint: admin.endpoint, user: admin.user, database: name, password: admin.password,
            sslMode: admin.sslMode, sslRootCertificate: admin.sslRootCertificate)
        guard var components = URLComponents(string: url) else { throw BenchError("cannot read the --db URL") }
        components.path = "/" + name
        guard let benchURL = components.string else { throw BenchError("cannot make the bench database's URL") }
        let database = PostgresBenchDatabase(location: location, url: benchURL, entries: entries, evals: evals)
        let creator = try await PostgresCacheBackend(location: location, maximumConnections: 1, logger: logger)
        try await creator.close()
        Progress.say("filling \(location) with \(entries) training runs and \(evals) eval results")
        let (nanoseconds, _) = try await Stopwatch.time { try await database.fill() }
        Progress.say(String(format: "filled in %.1f s", Double(nanoseconds) / 1e9))
        return database
    }

    /// Inserts the synthetic entries, 10,000 rows a statement, the keys bound as arrays.
    private func fill() async throws {
        try await Self.withConnection(location) { connection in
            for start in stride(from: 0, to: entries, by: 10_000) {
                let keys = (start..<min(start + 10_000, entries)).map { BenchKeys.key($0) }
                let models = (start..<min(start + 10_000, entries)).map { "bench:model-\($0)" }
                try await connection.query(
                    """
                    INSERT INTO training_runs (backend, dataset_hash, config_hash, config_json, status, model_id,
                        created_at, finished_at)
                    SELECT \(BenchKeys.backendID), d, c, '{"base_model": "llama-3-8b"}'::jsonb, 'succeeded', m,
                        now(), now()
                    FROM unnest(\(keys.map(\.datasetHash))::text[], \(keys.map(\.configHash))::text[],
                        \(models)::text[]) AS k(d, c, m)
                    """, logger: Self.logger)
            }
            for start in stride(from: 0, to: evals, by: 10_000) {
                let keys = (start..<min(start + 10_000, evals)).map(Self.evalKey)
                try await connection.query(
                    """
                    INSERT INTO eval_results (backend, model_id, task, params_hash, params_json, status,
                        metrics_json, created_at, finished_at)
                    SELECT \(Self.evalBackendID), m, t, p, '{}'::jsonb, 'succeeded', '{"accuracy": 0.5}'::jsonb,
                        now(), now()
                    FROM unnest(\(keys.map(\.modelID))::text[], \(keys.map(\.task))::text[],
                        \(keys.map(\.paramsHash))::text[]) AS k(m, t, p)
                    """, logger: Self.logger)
            }
            try await connection.query("ANALYZE", logger: Self.logger)
        }
    }

    /// Drops the database.
    func drop(adminURL: String) async throws {
        let admin = try PostgresLocation(url: adminURL)
        try await Self.execute(
            PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)"), on: admin)
    }

    /// Runs one statement on a connection of its own.
    static func execute(_ query: PostgresQuery, on location: PostgresLocation) async throws {
        try await withConnection(location) { _ = try await $0.query(query, logger: logger) }
    }

    /// Runs `body` on a new connection to `location` (the store's schema first on its search path), and
    /// closes it.
    static func withConnection<Value>(
        _ location: PostgresLocation, _ body: (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(readOnly: false), id: 1, logger: logger)
        do {
            let value = try await body(connection)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
