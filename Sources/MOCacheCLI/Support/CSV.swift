import Foundation

/// Comma-separated values (RFC 4180's quoting, lines ended by `\n`) for `--format csv`: what pandas,
/// spreadsheets and `csv.reader` read.
enum CSV {
    /// A field, quoted when it holds a comma, a quote, a line break or leading or trailing spaces.
    static func field(_ text: String) -> String {
        let needsQuotes =
            text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rows as a document: fields joined by commas, one line per row.
    static func document(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") + "\n" }.joined()
    }
}
