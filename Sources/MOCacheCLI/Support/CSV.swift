import Foundation
import MOCache

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

    /// Records (the JSON objects a command prints with `--format json`) as a document: one column per
    /// member, nested objects flattened with dotted names (`config.hyperparameters.learning_rate`), so
    /// that each hyperparameter and metric has its own column. The columns are sorted, `id` first;
    /// a missing member or a null is an empty field, an array is its compact JSON.
    static func records(_ records: [JSONValue]) -> String {
        let flat = records.map { record -> [String: String] in
            var fields: [String: String] = [:]
            flatten(record, prefix: nil, into: &fields)
            return fields
        }
        let columns = Set(flat.flatMap(\.keys)).sorted { ($0 == "id" ? "" : $0) < ($1 == "id" ? "" : $1) }
        return document([columns] + flat.map { fields in columns.map { fields[$0] ?? "" } })
    }

    private static func flatten(_ value: JSONValue, prefix: String?, into fields: inout [String: String]) {
        switch value {
        case .object(let members) where prefix == nil || !members.isEmpty:
            for (name, member) in members {
                flatten(member, prefix: prefix.map { "\($0).\(name)" } ?? name, into: &fields)
            }
        case .null: if let prefix { fields[prefix] = "" }
        case .string(let text): if let prefix { fields[prefix] = text }
        case .bool(let flag): if let prefix { fields[prefix] = flag ? "true" : "false" }
        default: if let prefix { fields[prefix] = value.compactText }
        }
    }

    /// Rows as a document: fields joined by commas, one line per row.
    static func document(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") + "\n" }.joined()
    }
}
