import Foundation

/// One of ``InMemoryCacheBackend``'s tables (training runs or evaluation results): rows by key, keys by
/// row id, and the rules of claiming, starting, finishing, hits and import, written once for both kinds.
///
/// A value inside the actor: the actor serializes every change, so each operation is atomic.
struct InMemoryTable<Row: InMemoryRow>: Sendable {
    /// The rows by key.
    private(set) var rows: [Row.Key: Row] = [:]
    /// The keys by row id.
    private var keysByID: [Int64: Row.Key] = [:]
    /// The id of the next new row; ids start at 1 and are never reused.
    private var nextID: Int64 = 1

    /// The row of `key`.
    subscript(key: Row.Key) -> Row? { rows[key] }

    /// Claims `key` for `request`'s worker, as ``CacheBackend/claimTrainingRun(for:config:lease:)`` says.
    mutating func claim(_ key: Row.Key, document: JSONValue, lease request: LeaseRequest, now: Date)
        -> ClaimOutcome<Row.Record>
    {
        let lease = Lease(owner: request.worker.owner, expiresAt: now.addingTimeInterval(request.duration))
        guard var row = rows[key] else {
            let row = Row(InMemoryEntry(id: nextID, createdAt: now, lease: lease), key: key, document: document)
            nextID += 1
            rows[key] = row
            keysByID[row.entry.id] = key
            return .claimed(row.record)
        }
        switch ClaimDecision(
            status: row.entry.status, lease: row.entry.lease, owner: lease.owner, refresh: request.refresh, now: now,
            takingOverFrom: request.takingOverFrom)
        {
        case .completed:
            return .completed(row.record)
        case .heldElsewhere:
            return .heldElsewhere(row.record)
        case .takeOver:
            break
        case .reset:
            row.entry.reset()
            row.reset(for: document)
        }
        row.entry.status = .pending
        row.entry.lease = lease
        row.entry.fence += 1
        rows[key] = row
        return .claimed(row.record)
    }

    /// The fence of the row of `key`, when it is stored.
    func fence(of key: Row.Key) -> Int64? { rows[key]?.entry.fence }

    /// Marks the row of `key` running, with the job id when there is one. A stored success is never taken
    /// back by a late report of a job start.
    ///
    /// - Parameter fence: The fence `worker` got by its claim, when the store saw it claim; a write that
    ///   presents another fence than the row's is refused (``LeaseFences``).
    mutating func recordJobStarted(_ key: Row.Key, jobID: String?, worker: Worker, fence: Int64?, now: Date) throws {
        guard var row = rows[key] else { throw Self.missingEntry(key) }
        guard row.entry.status != .succeeded else { return }
        guard LeaseFences.admits(stored: row.entry.fence, presented: fence) else {
            throw MOCacheError.leaseLost(Row.entryKey(key), owner: worker.owner, location: "the in-memory store")
        }
        row.entry.status = .running
        if let jobID { row.entry.jobID = jobID }
        row.entry.startedAt = row.entry.startedAt ?? now
        row.entry.host = worker.host
        row.entry.pid = worker.pid
        rows[key] = row
    }

    /// Records how the job of `key` ended and releases the lease, as
    /// ``CacheBackend/finishTrainingRun(for:owner:outcome:)`` says.
    ///
    /// - Parameter fence: The fence `owner` got by its claim, when the store saw it claim; a write that
    ///   presents another fence than the row's changes nothing (``LeaseFences``).
    mutating func finish(_ key: Row.Key, owner: String, outcome: Row.Outcome, fence: Int64?, now: Date) throws
        -> Row.Record
    {
        guard var row = rows[key] else { throw Self.missingEntry(key) }
        guard LeaseFences.admits(stored: row.entry.fence, presented: fence) else { return row.record }
        let (status, error) = Row.ending(of: outcome)
        if status == .succeeded {
            guard row.entry.status != .succeeded else { return row.record }
        } else {
            guard ClaimDecision.isHeld(row.entry.lease, by: owner) else { return row.record }
        }
        row.entry.status = status
        row.keepResult(of: outcome)
        row.entry.error = error
        row.entry.finishedAt = now
        row.entry.lease = nil
        rows[key] = row
        return row.record
    }

    /// Extends `owner`'s lease on `key`; `false` when `owner` no longer holds it.
    mutating func renewLease(_ key: Row.Key, owner: String, fence: Int64?, until expiry: Date) -> Bool {
        guard let row = rows[key], ClaimDecision.isHeld(row.entry.lease, by: owner),
            LeaseFences.admits(stored: row.entry.fence, presented: fence)
        else { return false }
        rows[key]?.entry.lease = Lease(owner: owner, expiresAt: expiry)
        return true
    }

    /// Counts one hit on the row `id`, if it still exists.
    mutating func recordHit(id: Int64, at now: Date) {
        guard let key = keysByID[id] else { return }
        rows[key]?.entry.hitCount += 1
        rows[key]?.entry.lastHitAt = now
    }

    /// Removes the row `id`; whether it existed.
    mutating func remove(id: Int64) -> Bool {
        guard let key = keysByID.removeValue(forKey: id) else { return false }
        rows[key] = nil
        return true
    }

    /// Imports records: all or nothing when a record fails its check, then one disposition a record, in
    /// order, as ``ImportRule`` decides.
    mutating func importRecords(_ records: [Row.Record], overwrite: Bool) throws -> [ImportDisposition] {
        for record in records { try Row.checkImport(record) }
        return records.map { record in
            let key = Row.key(of: record)
            let stored = rows[key]
            let decision = ImportRule.decide(
                storedStatus: stored?.entry.status, sameResult: stored?.holdsResult(of: record) ?? false,
                overwrite: overwrite)
            let id = stored?.entry.id ?? nextID
            let entryID = Row.entryID(id)
            switch decision {
            case .keep: return .unchanged(entryID)
            case .conflict: return .conflict(entryID)
            case .insert, .replace: break
            }
            var row = Row(imported: record, id: id)
            row.entry.hitCount = stored?.entry.hitCount ?? 0
            row.entry.lastHitAt = stored?.entry.lastHitAt
            rows[key] = row
            keysByID[id] = key
            if stored == nil {
                nextID += 1
                return .inserted(entryID)
            }
            return .replaced(entryID)
        }
    }

    /// The error for an operation on a key that was never claimed or has been removed.
    private static func missingEntry(_ key: Row.Key) -> MOCacheError {
        MOCacheError(
            .notFound,
            "The in-memory store holds no entry for \(Row.entryKey(key)). Claim the key before recording its job "
                + "or its outcome; an entry removed meanwhile must be claimed again.")
    }
}
