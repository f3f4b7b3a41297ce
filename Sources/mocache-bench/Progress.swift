import Foundation

/// Progress lines on stderr, so that stdout keeps only the report.
enum Progress {
    /// Writes one line to stderr.
    static func say(_ message: String) {
        FileHandle.standardError.write(Data("mocache-bench: \(message)\n".utf8))
    }
}
