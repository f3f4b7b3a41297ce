/// What happened when a worker tried to claim a store entry.
public enum ClaimOutcome<Record: Sendable & Hashable>: Sendable, Hashable {
    /// The entry has succeeded: serve it, do no work.
    case completed(Record)
    /// Another live worker holds the lease: wait, then look again.
    case heldElsewhere(Record)
    /// This worker now holds the lease and must do the work. When it took over from a worker whose
    /// lease ran out, the record still carries that worker's job id, so the job can be re-attached
    /// instead of paid for again.
    case claimed(Record)

    /// The entry as it stood after the claim.
    public var record: Record {
        switch self {
        case .completed(let record), .heldElsewhere(let record), .claimed(let record): record
        }
    }
}
