import MOCacheCore

/// One table of leased entries (`training_runs`, `eval_results`) as the SQLite store's shared claim and
/// finish code sees it: the fixed statements it runs there, and how its keys bind and its rows read.
///
/// The rules are the same for both tables (`SQLiteCacheBackend+Entries.swift`); what differs is only the
/// columns, so each table spells out its own SQL in full, where `grep` finds it.
///
/// The statements whose caller returns the entry (insert, take over, reset, succeed, end) end in
/// `RETURNING` the table's columns, so a write reads the row it wrote in the same step instead of looking
/// it up again.
protocol SQLiteEntryTable: SendableMetatype {
    /// The key of an entry.
    associatedtype Key: Sendable
    /// A stored entry.
    associatedtype Record: LeasedEntryRecord

    /// The lookup of one entry by key, whose parameters are ``keyArguments(_:)``: the cache-hit path.
    static var lookupSQL: String { get }

    /// Inserts a pending entry under a lease. Parameters: the key, the input JSON (config or params), the
    /// creation time, host, pid, lease owner and lease expiry.
    static var insertSQL: String { get }

    /// Takes a pending or running entry over under a new lease, keeping its job id, and bumps its fence.
    /// Parameters: host, pid, lease owner, lease expiry, row id.
    static var takeOverSQL: String { get }

    /// Takes a finished entry under a new lease, clearing its job, result, error and times, and bumps its
    /// fence. Parameters: the input JSON, host, pid, lease owner, lease expiry, row id.
    static var resetSQL: String { get }

    /// Marks an entry running. Parameters: job id, start time, host, pid, the key, the presented fence
    /// twice (``LeaseFences``; NULL presents none). Leaves a succeeded entry alone.
    static var jobStartedSQL: String { get }

    /// Records a success unless one is stored. Parameters: the result's values (each table's
    /// `successArguments`), finish time, the key, the presented fence twice.
    static var succeedSQL: String { get }

    /// Records a failure or cancellation while the lease is held. Parameters: status, error, finish time,
    /// the key, the lease owner, the presented fence twice.
    static var endSQL: String { get }

    /// Extends a held lease. Parameters: the new expiry, the key, the lease owner, the presented fence
    /// twice.
    static var renewSQL: String { get }

    /// The fence of an entry (``LeaseFences``). Parameter: row id.
    static var fenceSQL: String { get }

    /// The key's column values, in the order of the key's `?` in every statement.
    static func keyArguments(_ key: Key) -> [SQLiteQuery.Argument]

    /// The stored entry from a row of the table's columns.
    static func record(_ row: SQLiteColumns, key: Key) throws -> Record

    /// The key as either kind of entry's key.
    static func entryKey(_ key: Key) -> EntryKey

    /// The error for a key that is not stored.
    static func missingEntry(_ key: Key, path: String) -> MOCacheError
}
