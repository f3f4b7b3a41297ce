import Foundation

/// How the SQLite store turns JSON documents into the text of its JSON columns and back.
///
/// Members are written in sorted order without whitespace, so equal documents are stored as equal
/// text. Kept in one place so that the store can switch to the RFC 8785 canonical writer and the strict
/// parser of `Keys/` without touching anything else.
enum SQLiteStoredJSON {
    /// The stored text of a document.
    static func text(_ value: JSONValue, column: String) throws -> String {
        try encode(value, column: column)
    }

    /// The stored text of a metrics dictionary: a JSON object of numbers.
    static func text(metrics: [String: Double], column: String) throws -> String {
        if let bad = metrics.first(where: { !$0.value.isFinite }) {
            throw MOCacheError(
                .invalidInput,
                "The metric \"\(bad.key)\" is \(bad.value), which JSON cannot hold. Report only finite numbers "
                    + "as metrics.")
        }
        return try encode(metrics, column: column)
    }

    /// The document stored as `text`.
    static func value(_ text: String, column: String) throws -> JSONValue {
        try decode(JSONValue.self, text, column: column)
    }

    /// The metrics dictionary stored as `text`.
    static func metrics(_ text: String, column: String) throws -> [String: Double] {
        try decode([String: Double].self, text, column: column)
    }

    // MARK: - Coding

    private static func encode(_ value: some Encodable, column: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw MOCacheError(
                .invalidInput,
                "A value for \(column) cannot be written as JSON (\(error)). Use only finite numbers, strings, "
                    + "booleans, null, arrays and objects.")
        }
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, _ text: String, column: String) throws
        -> Value
    {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw SQLiteUnreadableValue(column: column, detail: "unreadable JSON: \(error)")
        }
    }
}
