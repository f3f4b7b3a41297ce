import MOCache
import PostgresNIO

/// The floor of a training-key hit on PostgreSQL: the store's own `SELECT` of the same columns, as a
/// postgres-nio prepared statement (parsed once per connection) on one connection held throughout.
struct PostgresRawLookup: PostgresPreparedStatement {
    static let sql = """
        SELECT id, backend, dataset_hash, config_hash, config_json::text, status, job_id, model_id, \
        metadata_json::text, error, created_at, started_at, finished_at, host, pid, lease_owner, lease_expires_at, \
        hit_count, last_hit_at FROM training_runs WHERE backend = $1 AND dataset_hash = $2 AND config_hash = $3
        """

    typealias Row = (Int64, String, String?)

    let key: TrainingKey

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(key.backendID)
        bindings.append(key.datasetHash)
        bindings.append(key.configHash)
        return bindings
    }

    /// Decodes what a caller of a hit needs: the id, the status and the model id (columns 0, 5 and 7).
    func decodeRow(_ row: PostgresRow) throws -> Row {
        let cells = row.makeRandomAccess()
        return (
            try cells[0].decode(Int64.self), try cells[5].decode(String.self), try cells[7].decode(String?.self)
        )
    }
}
