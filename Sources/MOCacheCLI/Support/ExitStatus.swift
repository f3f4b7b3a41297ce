import ArgumentParser
import MOCache

/// The exit statuses of `mocache`, documented in `mocache --help` and the README.
enum ExitStatus {
    /// The database was written by a newer mocache.
    static let schemaTooNew: Int32 = 3

    /// The exit code for an error.
    static func code(for error: MOCacheError) -> ExitCode {
        error.code == .schemaTooNew ? ExitCode(schemaTooNew) : .failure
    }

    /// The root command's discussion: the conventions every command follows. Lines are short enough
    /// for the help's 80 columns.
    static let discussion = """
        Every command takes --db PATH (or MOCACHE_DB; default .mocache/cache.sqlite), \
        --format text|json, --quiet and --verbose. Data goes to standard output; \
        messages and errors go to standard error. Inspection commands open the \
        database read-only and never create it.

        Entries are named by id: t12 is training run 12, e34 is eval result 34 (the \
        id column of the models and evals views). A model id, or a unique prefix of \
        a model id or of a config hash (4 hex digits or more), names a training run.

        EXIT STATUS
          0    success
          1    failure or not found; also: verify found problems, import left
               conflicts, an eval task or a training job failed
          3    the database was written by a newer mocache (schema too new)
          64   usage error: unknown command or option, bad value
          130  interrupted (Ctrl-C): the running job was cancelled
        """
}
