import MOCacheCore

/// One schema migration as built into the library: a file of `migrations/` and its SQL text.
struct EmbeddedMigration: Sendable, Hashable {
    /// The file name without `.sql`, such as `0001_initial`; the id recorded in `grdb_migrations`.
    let id: String
    /// The file's exact text.
    let sql: String

    /// The number the file name starts with, which is also the `user_version` the migration sets.
    var version: Int {
        Int(id.prefix { $0.isASCII && $0.isNumber }) ?? 0
    }
}
