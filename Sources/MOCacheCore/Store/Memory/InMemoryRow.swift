import Foundation

/// A row of one of ``InMemoryCacheBackend``'s tables: an ``InMemoryEntry`` (what a training run and an
/// evaluation result share) and what differs between them, so that one ``InMemoryTable`` claims, starts,
/// finishes, counts hits on and imports both.
///
/// The rules the two kinds share (``ClaimDecision``, ``ImportRecordCheck``, ``ImportRule``, ids that start
/// at 1 and are never reused, hit counts kept across a replacement) live in the table, once.
protocol InMemoryRow: Sendable {
    /// The key of the table.
    associatedtype Key: Hashable & Sendable
    /// The public record of a row.
    associatedtype Record: Hashable & Sendable
    /// How a job of this kind ends.
    associatedtype Outcome: Sendable

    /// The row's key.
    var key: Key { get }
    /// What every entry holds: id, status, job, times, lease, hits.
    var entry: InMemoryEntry { get set }
    /// The row as the public record.
    var record: Record { get }

    /// A new row for a request document (a training config, eval params).
    init(_ entry: InMemoryEntry, key: Key, document: JSONValue)

    /// A succeeded row with id `id` that holds `record`, its request and its result, with no lease and
    /// no hits yet.
    init(imported record: Record, id: Int64)

    /// Takes a new request document and clears the result a finished job left, before the key runs again.
    mutating func reset(for document: JSONValue)

    /// Keeps the result of a success, or clears the result for a failure or cancellation.
    mutating func keepResult(of outcome: Outcome)

    /// The status an outcome ends in (succeeded, failed or cancelled), and its error.
    static func ending(of outcome: Outcome) -> (status: EntryStatus, error: String?)

    /// Whether the row holds the same result as `record` (the same model id for a training run, the same
    /// metrics for an eval result).
    func holdsResult(of record: Record) -> Bool

    /// The key of `record`.
    static func key(of record: Record) -> Key

    /// `key` as the key of any entry.
    static func entryKey(_ key: Key) -> EntryKey

    /// The entry id of the row `id` in this table.
    static func entryID(_ id: Int64) -> EntryID

    /// Throws unless `record` holds a result that can be imported.
    static func checkImport(_ record: Record) throws
}
