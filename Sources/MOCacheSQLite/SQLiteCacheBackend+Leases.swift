import Foundation
import GRDB
import MOCacheCore

// MARK: - Leases

extension SQLiteCacheBackend {
    /// Extends `owner`'s lease by `duration` from now, in one write transaction.
    ///
    /// A lease that ran out but that nobody took over is still `owner`'s, so a slow worker can renew it.
    public func renewLease(for key: EntryKey, owner: String, duration: TimeInterval) async throws -> Bool {
        switch key {
        case .training(let key):
            try await renewEntryLease(SQLiteTrainingTable.self, key, owner: owner, duration: duration)
        case .eval(let key):
            try await renewEntryLease(SQLiteEvalTable.self, key, owner: owner, duration: duration)
        }
    }
}
