import ArgumentParser
import Foundation
import MOCache

/// A point in time on the command line: `3d` (three days ago), `12h`, or `2026-01-31`.
struct DateArgument: ExpressibleByArgument, Sendable {
    let date: Date

    init?(argument: String) {
        guard let date = try? TimeSpan.date(parsing: argument) else { return nil }
        self.date = date
    }
}
