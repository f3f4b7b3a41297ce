import ArgumentParser

/// The `--format` a user asks for: text and json everywhere, csv where a command has rows to give.
///
/// Commands that print rows opt in to csv (``GlobalOptions/run(formats:_:)``); the console's own
/// format (``OutputFormat``, for messages and errors) is text for csv.
enum DataFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Aligned tables and sentences for people.
    case text
    /// One JSON document with a stable, documented shape, for scripts.
    case json
    /// Comma-separated rows with a header line, for pandas and spreadsheets.
    case csv

    /// How errors and messages are written: as JSON for json, as text otherwise.
    var console: OutputFormat { self == .json ? .json : .text }
}
