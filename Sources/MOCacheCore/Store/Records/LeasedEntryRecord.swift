/// What the claim and finish rules read from a stored entry of either kind.
///
/// ``TrainingRunRecord`` and ``EvalResultRecord`` follow the same rules (``CacheBackend``), so the
/// stores decide them once, through this view of a record.
package protocol LeasedEntryRecord: Sendable {
    /// The row id.
    var id: Int64 { get }
    /// Where the entry stands.
    var status: EntryStatus { get }
    /// The claim of the worker doing the job, while one is.
    var lease: Lease? { get }
}

extension TrainingRunRecord: LeasedEntryRecord {}

extension EvalResultRecord: LeasedEntryRecord {}
