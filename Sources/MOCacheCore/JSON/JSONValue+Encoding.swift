import Foundation

extension JSONValue {
    /// Makes the JSON value that an `Encodable` value encodes to.
    ///
    /// This is how a typed configuration becomes a key: encode it, then take its ``configHash()``.
    /// The value goes through `JSONEncoder` and then the strict parser, so the same rules hold as for
    /// JSON text.
    ///
    /// ```swift
    /// struct Hyperparameters: Encodable { var lr: Double; var epochs: Int }
    /// let config = try JSONValue(encoding: Hyperparameters(lr: 0.001, epochs: 3))
    /// ```
    ///
    /// Integers beyond ±2^53 (such as a large `Int64` or `UInt64`) are refused rather than rounded,
    /// and so are doubles between 2^53 and 10^21 in magnitude, which are all whole numbers whose
    /// canonical form would be an inexact integer; encode such values as strings.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidConfig`` naming the JSON path
    ///   (from the coding path) of a NaN or infinite number, or of whatever the parser refuses.
    ///   Errors that the value's own `encode(to:)` throws are passed on unchanged.
    public init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch let error as EncodingError {
            guard case .invalidValue(let offending, let context) = error else { throw error }
            let path = JSONPath(context.codingPath.map(Self.pathComponent))
            throw MOCacheError.invalidConfig(at: path.description, Self.reason(offending, context))
        }
        self = try JSONValue(parsing: data)
    }

    /// `JSONEncoder` names array positions with integer keys whose string value is `Index n`.
    private static func pathComponent(_ key: any CodingKey) -> JSONPath.Component {
        if let index = key.intValue, key.stringValue == "Index \(index)" {
            return .index(index)
        }
        return .key(key.stringValue)
    }

    private static func reason(_ offending: Any, _ context: EncodingError.Context) -> String {
        let number: Double? =
            switch offending {
            case let value as Double: value
            case let value as Float: Double(value)
            default: nil
            }
        if let number, !number.isFinite {
            return "\(number.isNaN ? "NaN" : "an infinity") is not a JSON number"
        }
        return context.debugDescription
    }
}
