import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

@Suite("JSONValue conveniences")
struct JSONValueConvenienceTests {
    @Test func literals() {
        let value: JSONValue = ["n": nil, "t": true, "i": 3, "d": 0.5, "s": "x", "a": [1, "b"], "o": [:]]
        let expected = JSONValue.object([
            "n": .null, "t": .bool(true), "i": .number(3), "d": .number(0.5), "s": .string("x"),
            "a": .array([.number(1), .string("b")]), "o": .object([:]),
        ])
        #expect(value == expected)
    }

    @Test func accessors() {
        let value: JSONValue = ["hyperparameters": ["lr": 0.001, "name": "adam", "on": true, "layers": [64]]]
        #expect(value["hyperparameters"]?["lr"]?.doubleValue == 0.001)
        #expect(value["hyperparameters"]?["name"]?.stringValue == "adam")
        #expect(value["hyperparameters"]?["on"]?.boolValue == true)
        #expect(value["hyperparameters"]?["layers"]?.arrayValue == [64])
        #expect(value.objectValue?.count == 1)
        #expect(value["missing"] == nil)
        #expect(value["hyperparameters"]?["lr"]?["x"] == nil)
        #expect(JSONValue.string("x").doubleValue == nil)
        #expect(JSONValue.number(1).stringValue == nil)
        #expect(JSONValue.null.arrayValue == nil)
        #expect(JSONValue.null.objectValue == nil)
        #expect(JSONValue.null.boolValue == nil)
    }

    @Test func prettyJSON() throws {
        let value: JSONValue = [
            "lr": 0.001, "layers": [64, 1e21], "empty": [], "none": [:], "name": "a\"b\n\u{1F600}",
            "nested": ["b": nil, "a": false],
        ]
        let expected = """
            {
              "empty": [],
              "layers": [
                64,
                1e+21
              ],
              "lr": 0.001,
              "name": "a\\"b\\n\u{1F600}",
              "nested": {
                "a": false,
                "b": null
              },
              "none": {}
            }
            """
        #expect(value.prettyJSON() == expected)
        #expect(try JSONValue(parsing: value.prettyJSON()) == value)
        #expect(JSONValue.number(1).prettyJSON() == "1")
    }

    @Test func prettyJSONShowsWhatHasNoCanonicalForm() {
        let value: JSONValue = [.number(.nan), .number(.infinity), .number(-.infinity), .number(1e20)]
        #expect(value.prettyJSON() == "[\n  NaN,\n  Infinity,\n  -Infinity,\n  100000000000000000000\n]")
    }

    struct Config: Codable, Equatable {
        var model: String
        var lr: Double
        var epochs: Int
        var tags: [String]
        var extra: [String: Bool]
        var seed: Int?
    }

    @Test func encodingATypedConfiguration() throws {
        let config = Config(model: "small/1", lr: 1e-7, epochs: 3, tags: ["a", "é"], extra: ["x": true], seed: nil)
        let value = try JSONValue(encoding: config)
        #expect(value == ["model": "small/1", "lr": 1e-7, "epochs": 3, "tags": ["a", "é"], "extra": ["x": true]])
        #expect(
            try value.canonicalJSON()
                == #"{"epochs":3,"extra":{"x":true},"lr":1e-7,"model":"small/1","tags":["a","é"]}"#)
        #expect(try JSONValue(encoding: "top") == "top")
        #expect(try JSONValue(encoding: [1.5, 2]) == [1.5, 2])
    }

    @Test func codableRoundTrip() throws {
        let value: JSONValue = ["a": [1, 2.5, nil, true, "x"], "b": ["c": [:]], "d": -0.0]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        #expect(try JSONValue(parsing: data) == value)
        #expect(try JSONValue(encoding: value) == value)
    }

    @Test func errorsFromEncodeAreNotRewritten() {
        struct Refuses: Encodable {
            struct Failure: Error {}
            func encode(to encoder: any Encoder) throws { throw Failure() }
        }
        #expect(throws: Refuses.Failure.self) { _ = try JSONValue(encoding: Refuses()) }
    }
}
