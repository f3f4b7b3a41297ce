import ArgumentParser

/// How a scenario prints its report.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// A table for people.
    case text
    /// One JSON object on stdout, for scripts (`bench/compare-peers.sh` reads it).
    case json
}
