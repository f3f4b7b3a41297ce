/// A summary of what a store holds and what it has saved, as `mocache stats` shows it.
public struct CacheStatistics: Hashable, Codable, Sendable {
    /// How many entries of one kind, backend and status the store holds.
    public struct EntryCount: Hashable, Codable, Sendable {
        /// `"training"` or `"eval"`.
        public let kind: String
        /// The backend id.
        public let backendID: String
        /// The entries' status.
        public let status: EntryStatus
        /// How many.
        public let count: Int

        /// Makes a count.
        public init(kind: String, backendID: String, status: EntryStatus, count: Int) {
            self.kind = kind
            self.backendID = backendID
            self.status = status
            self.count = count
        }
    }

    /// Hits served by one backend's entries and the compute time they saved.
    public struct Savings: Hashable, Codable, Sendable {
        /// The backend id.
        public let backendID: String
        /// Hits served.
        public let hits: Int
        /// Compute seconds those hits did not spend.
        public let savedSeconds: Double

        /// Makes a savings line.
        public init(backendID: String, hits: Int, savedSeconds: Double) {
            self.backendID = backendID
            self.hits = hits
            self.savedSeconds = savedSeconds
        }
    }

    /// Entry counts by kind, backend and status.
    public let entries: [EntryCount]
    /// Hits and saved time per backend.
    public let savings: [Savings]
    /// Dataset uploads recorded.
    public let datasetUploads: Int
    /// Files in the hash memo.
    public let memoizedFiles: Int
    /// The schema version of the store.
    public let schemaVersion: Int
    /// The size of the store in bytes (database file plus write-ahead log), when it has one.
    public let sizeBytes: Int64?

    /// Makes a summary.
    public init(
        entries: [EntryCount], savings: [Savings], datasetUploads: Int, memoizedFiles: Int,
        schemaVersion: Int, sizeBytes: Int64?
    ) {
        self.entries = entries
        self.savings = savings
        self.datasetUploads = datasetUploads
        self.memoizedFiles = memoizedFiles
        self.schemaVersion = schemaVersion
        self.sizeBytes = sizeBytes
    }

    /// All hits served.
    public var totalHits: Int { savings.reduce(0) { $0 + $1.hits } }
    /// All compute seconds saved.
    public var totalSavedSeconds: Double { savings.reduce(0) { $0 + $1.savedSeconds } }
}
