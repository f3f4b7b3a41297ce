import Foundation

/// What every entry of ``InMemoryCacheBackend`` holds, whatever its kind: its id, where it stands, who ran
/// its job and when, its lease and its hits.
struct InMemoryEntry: Sendable {
    let id: Int64
    let createdAt: Date
    var status: EntryStatus
    var jobID: String?
    var error: String?
    var startedAt: Date?
    var finishedAt: Date?
    var host: String?
    var pid: Int32?
    var lease: Lease?
    /// Bumped by every claim; the claiming owner's writes present it (``LeaseFences``).
    var fence: Int64 = 1
    var hitCount = 0
    var lastHitAt: Date?

    /// A new pending entry under `lease`.
    init(id: Int64, createdAt: Date, lease: Lease) {
        self.id = id
        self.createdAt = createdAt
        self.status = .pending
        self.lease = lease
    }

    /// A succeeded entry brought by an import, with no lease and no hits yet.
    init(
        imported id: Int64, createdAt: Date, jobID: String?, startedAt: Date?, finishedAt: Date?, host: String?,
        pid: Int32?
    ) {
        self.id = id
        self.createdAt = createdAt
        self.status = .succeeded
        self.jobID = jobID
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.host = host
        self.pid = pid
    }

    /// Clears what a finished job left, before the key runs again.
    mutating func reset() {
        jobID = nil
        error = nil
        startedAt = nil
        finishedAt = nil
        host = nil
        pid = nil
    }
}
