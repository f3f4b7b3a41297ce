import ArgumentParser
import Foundation
import MOCache

/// A span of time on the command line: `30d`, `12h`, `1d12h`.
struct SpanArgument: ExpressibleByArgument, Sendable {
    let seconds: TimeInterval

    init?(argument: String) {
        guard let seconds = try? TimeSpan.seconds(parsing: argument) else { return nil }
        self.seconds = seconds
    }

    /// The time this span before now.
    var beforeNow: Date { Date().addingTimeInterval(-seconds) }
}
