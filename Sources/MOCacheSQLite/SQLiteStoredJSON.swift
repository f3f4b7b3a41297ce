import Foundation
import MOCacheCore

/// How the SQLite store turns JSON documents into the text of its JSON columns and back.
///
/// Documents are written in their RFC 8785 canonical form (``JSONValue/canonicalJSON()``), so the
/// stored config is exactly the text its hash was computed from, and read back with the strict parser
/// (``JSONValue/init(parsing:)-(StringProtocol)``).
enum SQLiteStoredJSON {
    /// The stored text of a document.
    static func text(_ value: JSONValue, column: String) throws -> String {
        do {
            return try value.canonicalJSON()
        } catch let error as MOCacheError {
            throw MOCacheError(
                .invalidInput, "The value for \(column) cannot be stored: \(error.message)", path: error.path)
        }
    }

    /// The stored text of a metrics dictionary: a JSON object of numbers.
    static func text(metrics: [String: Double], column: String) throws -> String {
        if let bad = metrics.first(where: { !$0.value.isFinite }) {
            throw MOCacheError(
                .invalidInput,
                "The metric \"\(bad.key)\" is \(bad.value), which JSON cannot hold. Report only finite numbers "
                    + "as metrics.")
        }
        return try text(.object(metrics.mapValues { .number($0) }), column: column)
    }

    /// The document stored as `text`.
    static func value(_ text: String, column: String) throws -> JSONValue {
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw SQLiteUnreadableValue(column: column, detail: "unreadable JSON: \(error)")
        }
    }

    /// The document stored as the UTF-8 bytes of a column, parsed in place: by the fast reader of the
    /// store's own canonical text when it can, else by the strict parser.
    static func value(utf8 bytes: UnsafeRawBufferPointer, column: String) throws -> JSONValue {
        if let value = CanonicalJSONReader.read(bytes) { return value }
        do {
            return try JSONParser.parseDocument(bytes)
        } catch {
            throw SQLiteUnreadableValue(column: column, detail: "unreadable JSON: \(error)")
        }
    }

    /// The metrics dictionary stored as `text`.
    static func metrics(_ text: String, column: String) throws -> [String: Double] {
        try metrics(from: value(text, column: column), column: column)
    }

    /// The metrics dictionary stored as the UTF-8 bytes of a column.
    static func metrics(utf8 bytes: UnsafeRawBufferPointer, column: String) throws -> [String: Double] {
        try metrics(from: value(utf8: bytes, column: column), column: column)
    }

    private static func metrics(from document: JSONValue, column: String) throws -> [String: Double] {
        guard case .object(let members) = document else {
            throw SQLiteUnreadableValue(column: column, detail: "not a JSON object")
        }
        var metrics: [String: Double] = [:]
        for (name, member) in members {
            guard case .number(let number) = member else {
                throw SQLiteUnreadableValue(column: column, detail: "the metric \"\(name)\" is not a number")
            }
            metrics[name] = number
        }
        return metrics
    }
}
