import MOCacheCore

/// What ``SQLiteCacheBackend/verify()`` found in a database, as `mocache verify` shows it.
public struct VerificationReport: Hashable, Codable, Sendable {
    /// A row whose JSON column does not hold what the schema promises.
    public struct InvalidJSON: Hashable, Codable, Sendable {
        /// The table, such as `"training_runs"`.
        public let table: String
        /// The row id (for `dataset_uploads` and `file_hash_memo`, which have none, 0).
        public let rowID: Int64
        /// The column, such as `"config_json"`.
        public let column: String

        /// Makes an entry.
        public init(table: String, rowID: Int64, column: String) {
            self.table = table
            self.rowID = rowID
            self.column = column
        }
    }

    /// The database file.
    public let path: String
    /// The schema version of the file.
    public let schemaVersion: Int
    /// The newest schema version this mocache knows.
    public let supportedSchemaVersion: Int
    /// What `PRAGMA integrity_check` reported, other than "ok": empty for a sound file.
    public let integrityProblems: [String]
    /// What `PRAGMA foreign_key_check` reported: empty when every reference holds.
    public let foreignKeyProblems: [String]
    /// Rows whose JSON columns are not valid JSON (or, for metrics, not a JSON object).
    public let invalidJSON: [InvalidJSON]
    /// Where the kept entry counts (`entry_counts`, which `mocache stats` reads) disagree with a full
    /// count, such as `"training local succeeded: kept 3, counted 4"`: empty when they agree.
    public let countProblems: [String]
    /// Rows that a command cannot read back (damaged JSON, invalid UTF-8 in a document, a broken time, an
    /// unknown status): listings skip them; `mocache rm` removes them by id.
    public let unreadableRows: [UnreadableRow]
    /// Memo entries whose file changed since it was hashed (the memo will not serve them; harmless).
    public let changedFiles: [String]
    /// Memo entries whose file no longer exists (harmless; `mocache verify --fix` drops them).
    public let missingFiles: [String]

    /// Makes a report. ``SQLiteCacheBackend/verify()`` makes these; users read them.
    public init(
        path: String, schemaVersion: Int, supportedSchemaVersion: Int, integrityProblems: [String],
        foreignKeyProblems: [String], invalidJSON: [InvalidJSON], countProblems: [String], changedFiles: [String],
        missingFiles: [String], unreadableRows: [UnreadableRow] = []
    ) {
        self.unreadableRows = unreadableRows
        self.path = path
        self.schemaVersion = schemaVersion
        self.supportedSchemaVersion = supportedSchemaVersion
        self.integrityProblems = integrityProblems
        self.foreignKeyProblems = foreignKeyProblems
        self.invalidJSON = invalidJSON
        self.countProblems = countProblems
        self.changedFiles = changedFiles
        self.missingFiles = missingFiles
    }

    /// Whether the database is sound: intact, with valid references, JSON, rows and counts, at the schema
    /// version this mocache writes. Stale memo entries do not count against it.
    public var isHealthy: Bool {
        integrityProblems.isEmpty && foreignKeyProblems.isEmpty && invalidJSON.isEmpty && countProblems.isEmpty
            && unreadableRows.isEmpty && schemaVersion == supportedSchemaVersion
    }
}
