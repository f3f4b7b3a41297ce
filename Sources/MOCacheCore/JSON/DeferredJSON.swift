/// A JSON document held by a record: a value, or the stored text of one, parsed on first use.
///
/// A cache hit reads a whole row but uses only its status and result, never the configuration that
/// produced it; parsing that configuration cost a third as much as the SQLite lookup itself. So the
/// SQLite store keeps the text of a document in the subset its fast reader handles
/// (``CanonicalJSONReader/canRead(_:)``, checked when the row is read, so the later parse cannot
/// fail) and parses it once, the first time someone asks for the value. Any other document is parsed
/// when the row is read, as before.
///
/// Equality, hashing and coding are those of the value.
package struct DeferredJSON: Sendable, Hashable, Codable {
    private enum Storage: Sendable {
        case value(JSONValue)
        /// Text known to be readable, replaced by its value once read.
        case text(Locked<Text>)
    }

    private enum Text: Sendable {
        case utf8([UInt8])
        case value(JSONValue)
    }

    private let storage: Storage

    /// A document that is already a value.
    package init(_ value: JSONValue) {
        storage = .value(value)
    }

    /// The document stored as `bytes`, kept as text when the fast reader can read it later, or `nil`
    /// when it cannot: the caller then parses the bytes now, with the strict parser.
    package init?(readableText bytes: UnsafeRawBufferPointer) {
        guard CanonicalJSONReader.canRead(bytes) else { return nil }
        storage = .text(Locked(.utf8(Array(bytes))))
    }

    /// The document.
    package var value: JSONValue {
        switch storage {
        case .value(let value): value
        case .text(let text): Self.read(text)
        }
    }

    /// The value of readable text, parsed on the first call and kept.
    private static func read(_ text: Locked<Text>) -> JSONValue {
        text.withLock { text in
            switch text {
            case .value(let value):
                return value
            case .utf8(let utf8):
                guard let value = utf8.withUnsafeBytes({ CanonicalJSONReader.read($0) }) else {
                    // `canRead` accepted these bytes, and `read` runs the same checks.
                    assertionFailure("stored JSON that passed canRead failed to read")
                    return .null
                }
                text = .value(value)
                return value
            }
        }
    }

    package static func == (lhs: DeferredJSON, rhs: DeferredJSON) -> Bool {
        lhs.value == rhs.value
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }

    package init(from decoder: any Decoder) throws {
        self.init(try JSONValue(from: decoder))
    }

    package func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}
