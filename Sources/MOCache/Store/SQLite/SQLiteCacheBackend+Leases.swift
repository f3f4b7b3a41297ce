import Foundation
import GRDB

// MARK: - Leases

extension SQLiteCacheBackend {
    /// Extends `owner`'s lease by `duration` from now, in one write transaction.
    ///
    /// A lease that ran out but that nobody took over is still `owner`'s, so a slow worker can renew it.
    public func renewLease(for key: EntryKey, owner: String, duration: TimeInterval) async throws -> Bool {
        try await write { db in
            let expiresAt = SQLiteTimestamp.string(from: Date().addingTimeInterval(duration))
            switch key {
            case .training(let key):
                try Self.execute(
                    db,
                    sql: """
                        UPDATE training_runs SET lease_expires_at = ?
                        WHERE backend = ? AND dataset_hash = ? AND config_hash = ? AND lease_owner = ?
                        """,
                    arguments: [expiresAt, key.backendID, key.datasetHash, key.configHash, owner])
            case .eval(let key):
                try Self.execute(
                    db,
                    sql: """
                        UPDATE eval_results SET lease_expires_at = ?
                        WHERE backend = ? AND model_id = ? AND task = ? AND params_hash = ? AND lease_owner = ?
                        """,
                    arguments: [expiresAt, key.backendID, key.modelID, key.task, key.paramsHash, owner])
            }
            return db.changesCount > 0
        }
    }
}
