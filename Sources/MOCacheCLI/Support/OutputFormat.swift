import ArgumentParser

/// How a command prints its data.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Aligned tables and sentences for people.
    case text
    /// One JSON document with a stable, documented shape, for scripts.
    case json
}
