/// What `mocache import` did: counts per kind of record, and the conflicts it left alone.
public struct ImportReport: Hashable, Sendable {
    /// How many records of one kind went which way.
    public struct Counts: Hashable, Sendable, Codable {
        /// Added as new entries.
        public var inserted = 0
        /// Already stored with the same result.
        public var unchanged = 0
        /// Replaced a stored entry.
        public var replaced = 0
        /// Left the stored, different result in place.
        public var conflicts = 0

        /// Makes counts, all zero by default.
        public init(inserted: Int = 0, unchanged: Int = 0, replaced: Int = 0, conflicts: Int = 0) {
            self.inserted = inserted
            self.unchanged = unchanged
            self.replaced = replaced
            self.conflicts = conflicts
        }

        /// All records counted.
        public var total: Int { inserted + unchanged + replaced + conflicts }

        mutating func add(_ disposition: ImportDisposition) {
            switch disposition {
            case .inserted: inserted += 1
            case .unchanged: unchanged += 1
            case .replaced: replaced += 1
            case .conflict: conflicts += 1
            }
        }
    }

    /// A record whose key holds another result in the store.
    public struct Conflict: Hashable, Sendable {
        /// The record's kind: `training_run`, `eval_result` or `dataset_upload`.
        public let kind: String
        /// The key, as text.
        public let key: String
        /// The stored entry's id, for training runs and eval results.
        public let storedEntry: EntryID?
        /// The stored result: a model id, metrics, a file id.
        public let stored: String
        /// The record's result.
        public let imported: String
        /// Whether the stored result was replaced (with overwrite) or kept.
        public let overwritten: Bool

        /// Makes a conflict.
        public init(
            kind: String, key: String, storedEntry: EntryID?, stored: String, imported: String, overwritten: Bool
        ) {
            self.kind = kind
            self.key = key
            self.storedEntry = storedEntry
            self.stored = stored
            self.imported = imported
            self.overwritten = overwritten
        }
    }

    /// Training runs.
    public var trainingRuns = Counts()
    /// Eval results.
    public var evalResults = Counts()
    /// Dataset uploads.
    public var datasetUploads = Counts()
    /// Records whose key held another result: kept, or replaced when asked to overwrite.
    public var conflicts: [Conflict] = []

    /// Makes an empty report.
    public init() {}

    /// Conflicts that left the stored result in place.
    public var unresolvedConflicts: Int { conflicts.filter { !$0.overwritten }.count }

    /// Whether the import changed nothing in the store.
    public var changedNothing: Bool {
        [trainingRuns, evalResults, datasetUploads].allSatisfy { $0.inserted == 0 && $0.replaced == 0 }
    }
}
