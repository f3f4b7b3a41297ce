import Foundation

/// The one error type that mocache throws at its users.
///
/// Every error says what happened, to which file, key or value, and what to do next. Match on
/// ``code`` rather than on the message: codes are stable, messages may be reworded. New codes may be
/// added in later versions without breaking callers, because ``Code`` is a struct, not an enum.
///
/// ```swift
/// do {
///     let store = try await SQLiteCacheBackend(path: "cache.sqlite")
/// } catch let error as MOCacheError where error.code == .schemaTooNew {
///     print(error)  // names both schema versions and says to upgrade mocache
/// }
/// ```
public struct MOCacheError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is. Compare with the static members, such as ``notADatabase``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short stable name, such as `"schema_too_new"`; used in `--format json` output.
        public let name: String

        private init(_ name: String) { self.name = name }

        public var description: String { name }

        /// The file is not a SQLite database, or it is corrupt. It was left untouched.
        public static let notADatabase = Code("not_a_database")
        /// The database was written by a newer mocache whose schema this binary does not know.
        public static let schemaTooNew = Code("schema_too_new")
        /// The database or its folder cannot be written to.
        public static let readOnly = Code("read_only")
        /// The operating system refused access to a file or folder.
        public static let permissionDenied = Code("permission_denied")
        /// No database exists at the path, and the operation does not create one.
        public static let databaseMissing = Code("database_missing")
        /// A dataset file does not exist or cannot be read.
        public static let datasetMissing = Code("dataset_missing")
        /// A configuration or parameter document cannot be put in canonical JSON form.
        public static let invalidConfig = Code("invalid_config")
        /// Another process held the database locked for longer than the busy timeout.
        public static let busy = Code("busy")
        /// The disk, or the database's size limit, is full.
        public static let diskFull = Code("disk_full")
        /// The SQLite library linked into this binary is older than mocache needs.
        public static let sqliteTooOld = Code("sqlite_too_old")
        /// A training or evaluation job failed, or its command printed an unusable result.
        public static let jobFailed = Code("job_failed")
        /// A training or evaluation job ran past its time limit and was stopped.
        public static let timedOut = Code("timed_out")
        /// A job was cancelled.
        public static let cancelled = Code("cancelled")
        /// No stored entry matches the given id or prefix.
        public static let notFound = Code("not_found")
        /// An id prefix matches more than one stored entry.
        public static let ambiguous = Code("ambiguous")
        /// An imported record disagrees with a stored one for the same key, or an entry to remove is in use.
        public static let conflict = Code("conflict")
        /// A file to import or a record in it is malformed.
        public static let invalidInput = Code("invalid_input")
        /// The backend cannot do what was asked, such as re-attaching to a job.
        public static let unsupported = Code("unsupported")
        /// Any other failure of the underlying database.
        public static let storeFailure = Code("store_failure")
        /// A worker's lease on an entry ended: another worker took the entry over, so the store refused
        /// this worker's write to it.
        public static let leaseLost = Code("lease_lost")
    }

    /// What kind of failure this is.
    public let code: Code
    /// The full message for a person: what happened and what to do.
    public let message: String
    /// The file the error is about, when there is one.
    public let path: String?

    /// Makes an error. Library code uses the factory methods below; this is for backends written
    /// outside mocache that want to report through the same type.
    public init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String { message }
}

// MARK: - Factories

extension MOCacheError {
    package static func notADatabase(_ path: String, detail: String) -> MOCacheError {
        MOCacheError(
            .notADatabase,
            "\(path) is not a mocache database, or it is corrupt (\(detail)). The file was left untouched: "
                + "move it away, or open another database.",
            path: path)
    }

    package static func schemaTooNew(_ path: String, found: Int, supported: Int) -> MOCacheError {
        MOCacheError(
            .schemaTooNew,
            "\(path) has schema version \(found), but this mocache knows versions up to \(supported). "
                + "The file was left untouched: upgrade mocache to open it.",
            path: path)
    }

    package static func readOnly(_ path: String, detail: String) -> MOCacheError {
        MOCacheError(
            .readOnly,
            "\(path) cannot be written (\(detail)). It can still be opened for reading only; to record "
                + "results, make the file and its folder writable, or open another database.",
            path: path)
    }

    package static func permissionDenied(_ path: String) -> MOCacheError {
        MOCacheError(
            .permissionDenied,
            "Permission denied for \(path). Check the permissions of the file and of its folder.",
            path: path)
    }

    package static func databaseMissing(_ path: String) -> MOCacheError {
        MOCacheError(
            .databaseMissing,
            "No mocache database at \(path). Open it for reading and writing to create it, or open an "
                + "existing one.",
            path: path)
    }

    package static func datasetMissing(_ path: String, detail: String) -> MOCacheError {
        MOCacheError(
            .datasetMissing,
            "Dataset \(path) cannot be read (\(detail)). Check the path.",
            path: path)
    }

    package static func invalidConfig(at jsonPath: String, _ reason: String) -> MOCacheError {
        MOCacheError(
            .invalidConfig,
            "The JSON value at \(jsonPath) cannot be canonicalized: \(reason). "
                + "Change it so that the configuration has one exact JSON form.")
    }

    package static func busy(_ path: String, seconds: Double) -> MOCacheError {
        MOCacheError(
            .busy,
            "\(path) stayed locked by another process for more than \(seconds) s. "
                + "Try again, or raise the busy timeout.",
            path: path)
    }
}

// MARK: - Factories of the SQLite store

extension MOCacheError {
    package static func sqliteTooOld(found: String, required: String) -> MOCacheError {
        MOCacheError(
            .sqliteTooOld,
            "This mocache is linked with SQLite \(found), but it needs SQLite \(required) or newer (for STRICT "
                + "tables). Install a newer SQLite (libsqlite3) and rebuild mocache.")
    }

    package static func diskFull(_ path: String, detail: String) -> MOCacheError {
        MOCacheError(
            .diskFull,
            "\(path) cannot grow: the disk or the database's size limit is full (\(detail)). Nothing of the "
                + "failed write was kept. Free some space (removing old entries helps), then try again.",
            path: path)
    }

    package static func storeFailure(_ path: String, detail: String) -> MOCacheError {
        MOCacheError(
            .storeFailure,
            "The database \(path) failed: \(detail). Try again; if it keeps failing, check the database "
                + "with `verify()` and report the problem with this message.",
            path: path)
    }

    package static func storeClosed(_ path: String) -> MOCacheError {
        MOCacheError(
            .storeFailure,
            "The store for \(path) was closed. Open a new SQLiteCacheBackend to use the database again.",
            path: path)
    }

    package static func corruptValue(_ path: String, column: String, detail: String) -> MOCacheError {
        MOCacheError(
            .notADatabase,
            "\(path) holds a value in \(column) that mocache cannot read (\(detail)). `verify()` finds the "
                + "damaged rows; remove those entries by id with `removeEntries(_:)`.",
            path: path)
    }

    package static func missingEntry(_ key: EntryKey, path: String) -> MOCacheError {
        MOCacheError(
            .notFound,
            "\(path) holds no entry for \(key). Claim the key before recording its job or its outcome; an "
                + "entry removed meanwhile must be claimed again.",
            path: path)
    }

    package static func leaseLost(_ key: EntryKey, owner: String, location: String) -> MOCacheError {
        MOCacheError(
            .leaseLost,
            "\(location): the lease of \(owner) on \(key) ended and another worker took the entry over, so this "
                + "write was refused. Nothing needs doing: the store keeps the other worker's job; ask again to be "
                + "served its result.",
            path: location)
    }
}
