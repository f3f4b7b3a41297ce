/// What importing one record did to the store.
public enum ImportDisposition: Hashable, Sendable {
    /// The key was not stored: the record was added as a new entry.
    case inserted(EntryID)
    /// The same result was already stored: nothing changed. Importing a file twice gives only these.
    case unchanged(EntryID)
    /// The stored entry was replaced: it had not succeeded (a failure, a cancelled or an abandoned
    /// run), or it held another result and the import was asked to overwrite.
    case replaced(EntryID)
    /// The key holds another succeeded result (another model id, other metrics): the stored entry was
    /// kept.
    case conflict(EntryID)

    /// The entry the record went to, or the one that was kept.
    public var entryID: EntryID {
        switch self {
        case .inserted(let id), .unchanged(let id), .replaced(let id), .conflict(let id): id
        }
    }
}
