import MOCache

/// An error of opening the database, kept apart from the errors of working with it so that the hint
/// printed with it can name `--db` (see ``ErrorHint``).
struct DatabaseOpeningError: Error {
    /// What the library said.
    let error: MOCacheError
}
