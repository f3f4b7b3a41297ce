import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

@Suite("JSON errors name the path")
struct JSONErrorTests {
    // MARK: - Numbers

    @Test func nanAndInfinitiesBuiltDirectly() {
        let nan: JSONValue = ["hyperparameters": ["lr": .number(.nan), "epochs": 3]]
        expectInvalidConfig(at: "$.hyperparameters.lr", mentioning: "NaN is not a JSON number") {
            _ = try nan.canonicalJSON()
        }
        let infinity: JSONValue = ["schedule": [1, 2, .number(.infinity)]]
        expectInvalidConfig(at: "$.schedule[2]", mentioning: "an infinity is not a JSON number") {
            _ = try infinity.configHash()
        }
        let negative: JSONValue = [["x": .number(-.infinity)]]
        expectInvalidConfig(at: "$[0].x", mentioning: "an infinity is not a JSON number") {
            _ = try negative.canonicalData()
        }
    }

    struct Hyperparameters: Encodable {
        var lr: Double
        var schedule: [Double]
    }

    struct TrainingConfig: Encodable {
        var model: String
        var hyperparameters: Hyperparameters
    }

    @Test func nanAndInfinitiesThroughEncodable() {
        let nan = TrainingConfig(model: "m", hyperparameters: Hyperparameters(lr: .nan, schedule: []))
        expectInvalidConfig(at: "$.hyperparameters.lr", mentioning: "NaN is not a JSON number") {
            _ = try JSONValue(encoding: nan)
        }
        let infinity = TrainingConfig(
            model: "m", hyperparameters: Hyperparameters(lr: 0.1, schedule: [1, 0.5, .infinity]))
        expectInvalidConfig(at: "$.hyperparameters.schedule[2]", mentioning: "an infinity is not a JSON number") {
            _ = try JSONValue(encoding: infinity)
        }
        expectInvalidConfig(at: "$.w[0]", mentioning: "an infinity is not a JSON number") {
            _ = try JSONValue(encoding: ["w": [-Float.infinity]])
        }
        expectInvalidConfig(at: #"$["odd key"]"#, mentioning: "NaN") {
            _ = try JSONValue(encoding: ["odd key": Double.nan])
        }
    }

    @Test func integersBeyond2To53InText() throws {
        expectInvalidConfig(at: "$.id", mentioning: "the integer 9007199254740993 is beyond ±2^53") {
            _ = try JSONValue(parsing: #"{"id": 9007199254740993}"#)
        }
        expectInvalidConfig(at: "$[1]", mentioning: "the integer -9007199254740993 is beyond ±2^53") {
            _ = try JSONValue(parsing: "[0, -9007199254740993]")
        }
        // Past 10^21 the value would print with an exponent, but an integer literal still is refused.
        expectInvalidConfig(at: "$.big", mentioning: "the integer 123456789012345678901234567890 is beyond") {
            _ = try JSONValue(parsing: #"{"big": 123456789012345678901234567890}"#)
        }
        // ±2^53 itself is exact.
        #expect(try JSONValue(parsing: "9007199254740992") == .number(9_007_199_254_740_992))
        #expect(try JSONValue(parsing: "-9007199254740992") == .number(-9_007_199_254_740_992))
    }

    @Test func wholeNumbersBeyond2To53WithoutExponentInCanonicalForm() throws {
        // Written with an exponent, 1e20 still has the canonical form 100000000000000000000.
        expectInvalidConfig(at: "$.n", mentioning: "the number 1e20 is a whole number beyond ±2^53") {
            _ = try JSONValue(parsing: #"{"n": 1e20}"#)
        }
        expectInvalidConfig(at: "$.n", mentioning: "the number 9007199254740994 is a whole number beyond ±2^53") {
            _ = try JSONValue.object(["n": .number(9_007_199_254_740_994)]).canonicalJSON()
        }
        expectInvalidConfig(at: "$.id", mentioning: "beyond ±2^53") {
            _ = try JSONValue(encoding: ["id": UInt64.max])
        }
        expectInvalidConfig(at: "$.id", mentioning: "beyond ±2^53") {
            _ = try JSONValue(encoding: ["id": Int64(1 << 53) + 1])
        }
        #expect(try JSONValue(encoding: ["id": Int64(1 << 53)]) == ["id": 9_007_199_254_740_992])
        #expect(try JSONValue(parsing: "1e21").canonicalJSON() == "1e+21")
    }

    @Test func numbersTooLargeForADouble() {
        expectInvalidConfig(at: "$.x", mentioning: "the number 1e400 is too large for a double") {
            _ = try JSONValue(parsing: #"{"x": 1e400}"#)
        }
        expectInvalidConfig(at: "$[0]", mentioning: "too large for a double") {
            _ = try JSONValue(parsing: "[-1.8e308]")
        }
    }

    // MARK: - Objects

    @Test func duplicateMemberNames() {
        expectInvalidConfig(at: "$.a.b", mentioning: "the member name appears twice in one object") {
            _ = try JSONValue(parsing: #"{"a": {"b": 1, "c": 2, "b": 1}}"#)
        }
        expectInvalidConfig(at: "$[0].x", mentioning: "appears twice") {
            _ = try JSONValue(parsing: #"[{"x": 1, "\u0078": 2}]"#)
        }
        // Swift treats canonically equivalent names as equal; say so rather than merge them.
        expectInvalidConfig(at: #"$["é"]"#, mentioning: "canonically equivalent") {
            _ = try JSONValue(parsing: "{\"\u{E9}\": 1, \"e\u{301}\": 2}")
        }
    }

    // MARK: - Strings and bytes

    @Test func invalidUTF8() {
        // {"k":"<bytes>"} with each malformed sequence in the value.
        let malformed: [[UInt8]] = [
            [0xFF], [0x80], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xC3, 0x41],
        ]
        for sequence in malformed {
            let bytes = Array(#"{"k":""#.utf8) + sequence + Array(#""}"#.utf8)
            expectInvalidConfig(at: "$.k", mentioning: "invalid UTF-8") { _ = try parse(bytes: bytes) }
        }
        expectInvalidConfig(at: "$.k", mentioning: "invalid UTF-8: byte 0xFF cannot appear here (at line 1, column 9)")
        {
            _ = try parse(bytes: Array(#"{"k":"ab"#.utf8) + [0xFF] + Array(#""}"#.utf8))
        }
        expectInvalidConfig(at: "$", mentioning: "the text ends inside a multi-byte character") {
            _ = try parse(bytes: [0x22, 0xE2, 0x82])
        }
        // A byte order mark is not JSON either.
        expectInvalidConfig(at: "$", mentioning: "byte 0xEF") { _ = try parse(bytes: [0xEF, 0xBB, 0xBF, 0x31]) }
    }

    @Test func validUTF8OfEveryLength() throws {
        let text = "\u{7F}\u{80}\u{7FF}\u{800}\u{D7FF}\u{E000}\u{FFFF}\u{10000}\u{10FFFF}"
        let value = try parse(bytes: [0x22] + Array(text.utf8) + [0x22])
        #expect(value == .string(text))
    }

    @Test func loneSurrogateEscapes() {
        let cases = [
            #"{"s": "\ud800"}"#, #"{"s": "\udc00"}"#, #"{"s": "\ud800x"}"#, #"{"s": "\ud800\u0041"}"#,
            #"{"s": "\udbff\udbff"}"#, #"{"s": "a\uDFFF"}"#,
        ]
        for text in cases {
            expectInvalidConfig(at: "$.s", mentioning: "is a lone UTF-16 surrogate") {
                _ = try JSONValue(parsing: text)
            }
        }
        expectInvalidConfig(at: "$.s", mentioning: #"the escape \ud800 is a lone UTF-16 surrogate"#) {
            _ = try JSONValue(parsing: #"{"s": "\ud800"}"#)
        }
        expectInvalidConfig(at: "$", mentioning: "lone UTF-16 surrogate") {
            _ = try JSONValue(parsing: #"{"\udc00": 1}"#)
        }
    }

    // MARK: - Syntax

    @Test func trailingGarbage() {
        expectInvalidConfig(at: "$", mentioning: "unexpected 'x' after the end of the JSON value (at line 1, column 4)")
        {
            _ = try JSONValue(parsing: "{} x")
        }
        expectInvalidConfig(at: "$", mentioning: "unexpected '[' after the end") {
            _ = try JSONValue(parsing: "[1] [2]")
        }
        expectInvalidConfig(at: "$", mentioning: "unexpected byte 0x00 after the end") {
            _ = try parse(bytes: Array("1".utf8) + [0])
        }
    }

    @Test func tooDeep() {
        let arrays = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        // The path is shortened rather than printed 512 levels long.
        let arraysPath =
            "$" + String(repeating: "[0]", count: 20) + "…(482 more levels)…" + String(repeating: "[0]", count: 10)
        expectInvalidConfig(at: arraysPath, mentioning: "nested more than 512 levels deep") {
            _ = try JSONValue(parsing: arrays)
        }

        var value: JSONValue = 1
        for _ in 0..<513 { value = ["a": value] }
        let objectsPath =
            "$" + String(repeating: ".a", count: 20) + "…(482 more levels)…" + String(repeating: ".a", count: 10)
        expectInvalidConfig(at: objectsPath, mentioning: "nested more than 512 levels deep") {
            _ = try value.canonicalJSON()
        }
        // Deeper than the limit but still easy on the stack: refused, not crashed.
        let deeper = String(repeating: "[", count: 100_000)
        expectInvalidConfig(at: arraysPath, mentioning: "nested more than 512") { _ = try JSONValue(parsing: deeper) }
    }

    @Test(arguments: [
        ("", "expected a JSON value, found the end of the text"),
        ("   ", "expected a JSON value, found the end of the text"),
        ("[1 2]", "expected ',' or ']' after an array element, found '2'"),
        (#"{"a" 1}"#, "expected ':' after a member name, found '1'"),
        (#"{"a":1,}"#, "expected a member name in double quotes, found '}'"),
        ("{'a':1}", "expected a member name in double quotes, found '''"),
        (#"{"a":1 "b":2}"#, "expected ',' or '}' after an object member, found '\"'"),
        ("01", "a number cannot start with the digit 0 followed by more digits"),
        ("1.", "expected a digit after the decimal point, found the end of the text"),
        ("1.e5", "expected a digit after the decimal point, found 'e'"),
        ("1e", "expected a digit in the exponent"),
        ("-", "expected a digit after '-', found the end of the text"),
        ("-a", "expected a digit after '-', found 'a'"),
        (".5", "expected a JSON value, found '.'"),
        ("+1", "expected a JSON value, found '+'"),
        ("tru", "expected a JSON value such as true"),
        ("nul", "expected a JSON value such as null"),
        ("falsy", "expected a JSON value such as false"),
        ("NaN", "expected a JSON value, found 'N'"),
        ("Infinity", "expected a JSON value, found 'I'"),
        ("\"abc", "the string that starts at line 1, column 1 is not closed"),
        ("\"a\tb\"", "the control character U+0009 must be written as an escape"),
        (#""\x""#, #"'\' followed by 'x' is not a JSON escape"#),
        (#""\u12"#, #"the text ends inside a \u escape"#),
        (#""\u12G4""#, #"expected four hex digits after \u, found 'G'"#),
        (#""\"#, "the text ends inside an escape"),
    ])
    func syntaxErrors(text: String, reason: String) {
        expectInvalidConfig(at: "$", mentioning: "invalid JSON: \(reason)") { _ = try JSONValue(parsing: text) }
    }

    @Test func syntaxErrorsInsideContainersNameTheirPlace() {
        expectInvalidConfig(at: "$[1]", mentioning: "invalid JSON: expected a JSON value, found ']'") {
            _ = try JSONValue(parsing: "[1,]")
        }
        expectInvalidConfig(at: "$.a[0].b", mentioning: "invalid JSON: expected a JSON value, found '}'") {
            _ = try JSONValue(parsing: #"{"a": [{"b": }]}"#)
        }
    }

    @Test func syntaxErrorsSayWhereInTheText() {
        let text = "{\n  \"a\": [1, 2],\n  \"é\": tru\n}"
        expectInvalidConfig(
            at: #"$["é"]"#, mentioning: "expected a JSON value such as true, found 't' (at line 3, column 8)"
        ) {
            _ = try JSONValue(parsing: text)
        }
    }

    // MARK: - Paths

    @Test func pathsQuoteNamesThatAreNotIdentifiers() {
        let value: JSONValue = ["odd key": ["x.y": [["_ok1": ["1a": ["\"q\"\n": .number(.nan)]]]]]]
        expectInvalidConfig(at: #"$["odd key"]["x.y"][0]._ok1["1a"]["\"q\"\n"]"#, mentioning: "NaN") {
            _ = try value.canonicalJSON()
        }
        expectInvalidConfig(at: #"$[""]"#, mentioning: "NaN") {
            _ = try JSONValue.object(["": .number(.nan)]).canonicalJSON()
        }
    }

    @Test func recordErrorsCountRecordsLikeAnArray() {
        expectInvalidConfig(at: "$[1].lr", mentioning: "NaN") {
            _ = try DatasetHasher.hash(records: [["lr": 1], ["lr": .number(.nan)]])
        }
    }
}
