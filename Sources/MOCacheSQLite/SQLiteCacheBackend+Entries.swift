import Foundation
import GRDB
import MOCacheCore

// MARK: - Leased entries, either kind

/// How a worker ends an entry it worked on.
enum SQLiteEntryEnding: Sendable {
    /// A result, as the values ``SQLiteEntryTable/succeedSQL`` stores.
    case succeeded([SQLiteQuery.Argument])
    /// A failure or a cancellation, with its message.
    case ended(EntryStatus, message: String)
}

extension SQLiteCacheBackend {
    /// The entry stored for `key`, looked up on the hit path (``lookup(sql:arguments:_:)``).
    func lookupEntry<Table: SQLiteEntryTable>(_ table: Table.Type, _ key: Table.Key) throws -> Table.Record? {
        try lookup(sql: Table.lookupSQL, arguments: Table.keyArguments(key)) { row in try Table.record(row, key: key) }
    }

    /// The entry stored for `key`, read in the transaction of `db`.
    static func fetchEntry<Table: SQLiteEntryTable>(_ table: Table.Type, _ key: Table.Key, _ db: Database) throws
        -> Table.Record?
    {
        try SQLiteQuery.firstRow(db, sql: Table.lookupSQL, arguments: Table.keyArguments(key)) { row in
            try Table.record(row, key: key)
        }
    }

    /// Claims `key` for the worker of `request`, by the rules of
    /// ``CacheBackend/claimTrainingRun(for:config:lease:)``, in one write transaction.
    ///
    /// - Parameter inputJSON: The stored text of the entry's input (config or params).
    func claimEntry<Table: SQLiteEntryTable>(
        _ table: Table.Type, _ key: Table.Key, inputJSON: String, lease request: LeaseRequest
    ) async throws -> ClaimOutcome<Table.Record> {
        let worker = request.worker
        let outcome: (claim: ClaimOutcome<Table.Record>, fence: Int64?) = try await write { db in
            let now = Date()
            let lease: [SQLiteQuery.Argument] = [
                .text(worker.host), .integer(Int64(worker.pid)), .text(worker.owner),
                .text(ISO8601Timestamp.format(now.addingTimeInterval(request.duration))),
            ]
            guard let existing = try Self.fetchEntry(Table.self, key, db) else {
                let values = Table.keyArguments(key) + [.text(inputJSON), .text(ISO8601Timestamp.format(now))]
                let record = try Self.writeEntry(Table.self, key, db, sql: Table.insertSQL, arguments: values + lease)
                return (.claimed(record), try Self.fence(Table.self, id: record.id, db))
            }
            switch ClaimDecision(
                status: existing.status, lease: existing.lease, owner: worker.owner, refresh: request.refresh,
                now: now, takingOverFrom: request.takingOverFrom)
            {
            case .completed:
                return (.completed(existing), nil)
            case .heldElsewhere:
                return (.heldElsewhere(existing), nil)
            case .takeOver:
                let arguments = lease + [.integer(existing.id)]
                let record = try Self.writeEntry(Table.self, key, db, sql: Table.takeOverSQL, arguments: arguments)
                return (.claimed(record), try Self.fence(Table.self, id: record.id, db))
            case .reset:
                let arguments = [.text(inputJSON)] + lease + [.integer(existing.id)]
                let record = try Self.writeEntry(Table.self, key, db, sql: Table.resetSQL, arguments: arguments)
                return (.claimed(record), try Self.fence(Table.self, id: record.id, db))
            }
        }
        if let fence = outcome.fence { fences.remember(fence, for: Table.entryKey(key), owner: worker.owner) }
        return outcome.claim
    }

    /// The fence of the entry `id` holds, read in the claim's own transaction.
    private static func fence<Table: SQLiteEntryTable>(_ table: Table.Type, id: Int64, _ db: Database) throws
        -> Int64?
    {
        try SQLiteQuery.firstRow(db, sql: Table.fenceSQL, arguments: [.integer(id)]) { $0.optionalInteger(0) } ?? nil
    }

    /// Marks the entry of `key` running, with the backend's job id when it has one, unless `worker`'s
    /// fence shows that another worker took the entry over.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/notFound`` when the key is not stored,
    ///   ``MOCacheError/Code/leaseLost`` when the entry's fence is no longer the one `worker`'s claim got.
    func recordEntryJobStarted<Table: SQLiteEntryTable>(
        _ table: Table.Type, _ key: Table.Key, jobID: String?, worker: Worker
    ) async throws {
        let path = path
        let fence = SQLiteQuery.Argument.optionalInteger(fences.fence(for: Table.entryKey(key), owner: worker.owner))
        try await write { db in
            let values: [SQLiteQuery.Argument] = [
                .optionalText(jobID), .text(ISO8601Timestamp.format(Date())), .text(worker.host),
                .integer(Int64(worker.pid)),
            ]
            try SQLiteQuery.execute(
                db, sql: Table.jobStartedSQL, arguments: values + Table.keyArguments(key) + [fence, fence])
            guard db.changesCount == 0 else { return }
            guard let existing = try Self.fetchEntry(Table.self, key, db) else {
                throw Table.missingEntry(key, path: path)
            }
            if existing.status != .succeeded {
                throw MOCacheError.leaseLost(Table.entryKey(key), owner: worker.owner, location: path)
            }
        }
    }

    /// Records how the entry of `key` ended, by the rules of
    /// ``CacheBackend/finishTrainingRun(for:owner:outcome:)``, and returns it as stored.
    ///
    /// One conditional `UPDATE … RETURNING` does the common case; only when it changes nothing (a success
    /// is already stored, another worker holds the lease or took the entry over since `owner`'s claim, or
    /// the key is not stored) is the entry read.
    func finishEntry<Table: SQLiteEntryTable>(
        _ table: Table.Type, _ key: Table.Key, owner: String, ending: SQLiteEntryEnding
    ) async throws -> Table.Record {
        let path = path
        let entry = Table.entryKey(key)
        let fence = SQLiteQuery.Argument.optionalInteger(fences.fence(for: entry, owner: owner))
        defer { fences.forget(entry, owner: owner) }
        return try await write { db in
            let finishedAt = SQLiteQuery.Argument.text(ISO8601Timestamp.format(Date()))
            let keyArguments = Table.keyArguments(key)
            let (sql, arguments): (String, [SQLiteQuery.Argument])
            switch ending {
            case .succeeded(let values):
                // The result exists, whoever asked for it; only an earlier success is kept instead.
                (sql, arguments) = (Table.succeedSQL, values + [finishedAt] + keyArguments + [fence, fence])
            case .ended(let status, let message):
                // Only the lease holder may end an entry without a result: never overwrite a successor's work.
                (sql, arguments) = (
                    Table.endSQL,
                    [.text(status.rawValue), .text(message), finishedAt] + keyArguments + [.text(owner), fence, fence]
                )
            }
            if let written = try SQLiteQuery.firstRow(
                db, sql: sql, arguments: arguments, { try Table.record($0, key: key) })
            {
                return written
            }
            guard let existing = try Self.fetchEntry(Table.self, key, db) else {
                throw Table.missingEntry(key, path: path)
            }
            return existing
        }
    }

    /// Extends `owner`'s lease on the entry of `key`; `false` when `owner` does not hold it.
    func renewEntryLease<Table: SQLiteEntryTable>(
        _ table: Table.Type, _ key: Table.Key, owner: String, duration: TimeInterval
    ) async throws -> Bool {
        let fence = SQLiteQuery.Argument.optionalInteger(fences.fence(for: Table.entryKey(key), owner: owner))
        return try await write { db in
            let expiresAt = ISO8601Timestamp.format(Date().addingTimeInterval(duration))
            try SQLiteQuery.execute(
                db, sql: Table.renewSQL,
                arguments: [.text(expiresAt)] + Table.keyArguments(key) + [.text(owner), fence, fence])
            return db.changesCount > 0
        }
    }

    /// Runs one of the table's statements that writes a row and returns it, and reads that row.
    private static func writeEntry<Table: SQLiteEntryTable>(
        _ table: Table.Type, _ key: Table.Key, _ db: Database, sql: String, arguments: [SQLiteQuery.Argument]
    ) throws -> Table.Record {
        guard
            let record = try SQLiteQuery.firstRow(
                db, sql: sql, arguments: arguments, { try Table.record($0, key: key) })
        else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "the entry \(key) vanished mid-transaction")
        }
        return record
    }
}
