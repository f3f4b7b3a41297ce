import MOCache

/// What `mocache` adds to an error of the library: the flags and commands that deal with it.
///
/// The library's messages say what happened and what to do in the library's terms ("open another
/// database", `verify()`); this is the one place that says it in the command line's words. The console
/// prints the hint on a line of its own after the message (`hint: ...`), or as `"hint"` in JSON.
enum ErrorHint {
    /// Where in a command an error came from, for the codes whose hint depends on it.
    enum Situation: Sendable {
        /// Opening the database: a file that is not a database is the wrong file (`--db`).
        case openingDatabase
        /// Working with a database that opened: a value that cannot be read is a damaged row.
        case working
    }

    /// The hint for `error`, or `nil` when the message says all there is to say.
    static func hint(for error: MOCacheError, situation: Situation) -> String? {
        switch error.code {
        case .notADatabase where situation == .openingDatabase:
            "choose another database with --db or MOCACHE_DB."
        case .notADatabase:
            "`mocache verify` lists the damaged rows; remove them with `mocache rm ID`."
        case .databaseMissing:
            "`mocache train`, `mocache eval` or `mocache demo` create the database; or point --db or MOCACHE_DB "
                + "at an existing one."
        case .readOnly:
            "commands that only look (stats, models, evals, show, verify, export) still work; to record results, "
                + "choose another database with --db or MOCACHE_DB."
        case .permissionDenied where situation == .openingDatabase:
            "or choose another database with --db or MOCACHE_DB."
        case .diskFull:
            "`mocache prune` removes old entries, and `mocache vacuum` gives their space back to the disk."
        case .storeFailure:
            "if it keeps failing, run `mocache verify`."
        default:
            nil
        }
    }
}
