import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// The fast reader of stored canonical JSON agrees with the strict parser, or steps aside for it.
@Suite struct CanonicalJSONReaderTests {
    /// Reads `text` with the fast reader.
    private func fast(_ text: String) -> JSONValue? {
        var text = text
        return text.withUTF8 { CanonicalJSONReader.read(UnsafeRawBufferPointer($0)) }
    }

    /// Whether the fast reader's check without building accepts `text`.
    private func canRead(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { CanonicalJSONReader.canRead(UnsafeRawBufferPointer($0)) }
    }

    @Test func readsCanonicalTextExactlyAsTheStrictParserDoes() throws {
        var generator = SplitMix64(seed: 0x5EED_5701E)
        var readFast = 0
        for _ in 0..<3000 {
            let document = RandomJSON.value(&generator)
            let canonical = try document.canonicalJSON()
            let strict = try JSONValue(parsing: canonical)
            // The check that lets a record parse later agrees with the reader on every document.
            #expect(canRead(canonical) == (fast(canonical) != nil), "\(canonical)")
            if let value = fast(canonical) {
                readFast += 1
                #expect(value == strict, "\(canonical)")
            }
            // Whichever reader the store uses, the document comes back.
            let stored = try canonical.utf8.withContiguousStorageIfAvailable {
                try SQLiteStoredJSON.value(utf8: UnsafeRawBufferPointer($0), column: "test")
            }
            #expect(stored == strict)
        }
        #expect(readFast > 300, "the fast path should cover plain documents: \(readFast) of 3000")
    }

    @Test(arguments: [
        ("{}", JSONValue.object([:])), ("[]", .array([])), ("0", .number(0)), ("-0.5", .number(-0.5)),
        ("0.001", .number(0.001)), ("123456789012345", .number(123_456_789_012_345)),
        (
            #"{"a":[true,false,null],"b":"x y"}"#,
            .object(["a": .array([.bool(true), .bool(false), .null]), "b": .string("x y")])
        ),
        ("33333333.3333333", .number(33_333_333.333_333_3)), ("0.1", .number(0.1)), ("1.5", .number(1.5)),
    ])
    func readsPlainDocuments(_ text: String, _ expected: JSONValue) {
        #expect(fast(text) == expected)
        #expect(canRead(text))
    }

    @Test(arguments: [
        "", " {}", "{} ", "01", "1.", ".5", "-", "1e21", "1e-7", "9007199254740993", "1234567890123456",
        "333333333.3333333",
        #""caf\u00e9""#, #""tab\t""#, "\"é\"", "{\"a\":1,}", "[1,]", "tru", "nul", "{\"a\" :1}", "[1 ]", "\"open",
    ])
    func leavesEverythingElseToTheStrictParser(_ text: String) {
        #expect(fast(text) == nil, "\(text)")
        #expect(!canRead(text), "\(text)")
    }
}
