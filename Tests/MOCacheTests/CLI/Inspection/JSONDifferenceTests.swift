import Foundation
import Testing

@testable import MOCacheCLI
@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// The pure JSON diff behind `mocache why-miss`: paths, kinds, values, ordering, and properties over
/// random documents.
@Suite("JSON differences")
struct JSONDifferenceTests {
    @Test("equal documents have no differences, whatever the member order or number spelling")
    func equalDocuments() throws {
        let left = try JSONValue(parsing: #"{"b": [1, 2.0, {"x": null}], "a": 1e-3, "z": -0}"#)
        let right = try JSONValue(parsing: #"{"a": 0.001, "z": 0, "b": [1.0, 2, {"x": null}]}"#)
        #expect(right.differences(from: left).isEmpty)
        #expect(JSONValue.null.differences(from: .null).isEmpty)
    }

    @Test("a changed, an added and a removed member, with nested paths")
    func nestedMembers() throws {
        let stored = try JSONValue(
            parsing:
                #"{"base_model": "tiny", "hyperparameters": {"learning_rate": 0.0001, "epochs": 3}, "namespace": "v1"}"#
        )
        let asked = try JSONValue(
            parsing: #"{"base_model": "tiny", "hyperparameters": {"learning_rate": 0.001, "epochs": 3, "warmup": 10}}"#)
        let differences = asked.differences(from: stored)
        #expect(
            differences == [
                JSONDifference(path: "$.hyperparameters.learning_rate", old: 0.0001, new: 0.001),
                JSONDifference(path: "$.hyperparameters.warmup", old: nil, new: 10),
                JSONDifference(path: "$.namespace", old: "v1", new: nil),
            ])
        #expect(differences.map(\.kind) == [.changed, .added, .removed])
        #expect(
            differences.map(\.description) == [
                "$.hyperparameters.learning_rate: 0.0001 -> 0.001", "$.hyperparameters.warmup: added 10",
                "$.namespace: removed \"v1\"",
            ])
    }

    @Test("arrays compare by position; the longer array's tail is added or removed")
    func arrays() {
        let old: JSONValue = ["layers": [64, 64], "tags": ["a", "b", "c"]]
        let new: JSONValue = ["layers": [64, 128, 32], "tags": ["a"]]
        #expect(
            new.differences(from: old).map(\.description) == [
                "$.layers[1]: 64 -> 128", "$.layers[2]: added 32", "$.tags[1]: removed \"b\"",
                "$.tags[2]: removed \"c\"",
            ])
        #expect(JSONValue.array([]).differences(from: .array([])).isEmpty)
    }

    @Test("a value of another type is one change at its path, not a diff of its insides")
    func typeChanges() {
        let old: JSONValue = ["options": ["a": 1, "b": 2], "lr": "0.1", "flag": true, "list": [1]]
        let new: JSONValue = ["options": [1, 2], "lr": 0.1, "flag": 1, "list": ["0": 1]]
        #expect(
            new.differences(from: old).map(\.description) == [
                #"$.flag: true -> 1"#, #"$.list: [1] -> {"0":1}"#, #"$.lr: "0.1" -> 0.1"#,
                #"$.options: {"a":1,"b":2} -> [1,2]"#,
            ])
        #expect(JSONValue.null.differences(from: false) == [JSONDifference(path: "$", old: false, new: .null)])
    }

    @Test("the root itself can differ")
    func root() {
        #expect(JSONValue.number(3).differences(from: .number(4)).map(\.description) == ["$: 4 -> 3"])
        #expect(JSONValue.string("a").differences(from: ["a"]).map(\.path) == ["$"])
    }

    @Test("member names that are not identifiers are quoted in paths; order follows UTF-16")
    func oddNames() {
        let old: JSONValue = ["odd key": 1, "1st": 1, "é": 1, "\u{1F600}": 1, "\u{FF61}": 1]
        let new: JSONValue = ["odd key": 2, "1st": 2, "é": 2, "\u{1F600}": 2, "\u{FF61}": 2]
        // UTF-16: "1st" < "odd key" < "é" (U+00E9) < U+1F600 (surrogate D83D) < U+FF61.
        #expect(
            new.differences(from: old).map(\.path) == [
                #"$["1st"]"#, #"$["odd key"]"#, #"$["é"]"#, "$[\"\u{1F600}\"]", "$[\"\u{FF61}\"]",
            ])
    }

    @Test("a value with no canonical form still prints")
    func nonFinite() {
        let difference = JSONDifference(path: "$.x", old: .number(.nan), new: ["y": .number(.infinity)])
        #expect(difference.description == #"$.x: NaN -> {"y":Infinity}"#)
    }

    // MARK: - Properties

    @Test("a document never differs from itself, and differs from another exactly when they are unequal")
    func selfAndEquality() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<300 {
            let left = RandomJSON.value(&generator)
            let right = RandomJSON.value(&generator)
            #expect(left.differences(from: left).isEmpty)
            #expect(right.differences(from: left).isEmpty == (left == right))
        }
    }

    @Test("swapping the documents swaps old and new and keeps the paths")
    func symmetry() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let left = RandomJSON.value(&generator)
            let right = RandomJSON.value(&generator)
            let forward = right.differences(from: left)
            let backward = left.differences(from: right)
            #expect(forward.map(\.path) == backward.map(\.path))
            #expect(forward.map(\.old) == backward.map(\.new))
            #expect(forward.map(\.new) == backward.map(\.old))
        }
    }

    @Test("one random edit deep in a document is found exactly, with its path and values")
    func singleEdit() {
        var generator = SplitMix64(seed: 2026)
        func siblings() -> [String: JSONValue] {
            var members: [String: JSONValue] = [:]
            for index in 0..<Int.random(in: 0...3, using: &generator) {
                members["s\(index)"] = RandomJSON.value(&generator, depth: 2)
            }
            return members
        }
        for round in 0..<300 {
            let leaf = JSONValue.number(Double(round))
            let replacement = JSONValue.string("edited-\(round)")
            let edit = round % 3  // 0: change, 1: add, 2: remove
            let around = siblings()
            var old = JSONValue.object(edit == 1 ? around : around.merging(["edited": leaf]) { $1 })
            var new = JSONValue.object(edit == 2 ? around : around.merging(["edited": replacement]) { $1 })
            var path: [JSONPath.Component] = [.key("edited")]
            for level in 0..<Int.random(in: 0...4, using: &generator) {
                if Bool.random(using: &generator) {
                    let index = Int.random(in: 0...2, using: &generator)
                    var elements = (0..<3).map { _ in RandomJSON.value(&generator, depth: 1) }
                    elements[index] = old
                    let oldArray = JSONValue.array(elements)
                    elements[index] = new
                    (old, new) = (oldArray, .array(elements))
                    path.insert(.index(index), at: 0)
                } else {
                    let members = siblings()
                    let name = "w\(level)"
                    (old, new) = (
                        .object(members.merging([name: old]) { $1 }), .object(members.merging([name: new]) { $1 })
                    )
                    path.insert(.key(name), at: 0)
                }
            }
            let expected = JSONDifference(
                path: JSONPath(path).description, old: edit == 1 ? .none : .some(leaf),
                new: edit == 2 ? .none : .some(replacement))
            #expect(new.differences(from: old) == [expected], "round \(round)")
        }
    }
}
