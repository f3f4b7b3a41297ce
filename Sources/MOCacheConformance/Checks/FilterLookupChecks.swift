import Foundation
import MOCacheCore
import Testing

/// The filter fields that look entries up by row id and by model id prefix.
enum FilterLookupChecks {
    /// The checks of this group, in the order of the functions below.
    static let checks: [StoreConformanceCheck] = [
        StoreConformanceCheck("filter lookups: training runs by ID", trainingRunsByID),
        StoreConformanceCheck("filter lookups: eval results by ID", evalResultsByID),
        StoreConformanceCheck("filter lookups: model ID prefixes", modelIDPrefixes),
    ]

    static func trainingRunsByID(_ store: any CacheBackend) async throws {
        let r1 = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(backend: "a", config: "c1"), outcome: Fixture.trained("m1"))
        try await Fixture.tick()
        let r2 = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(backend: "b", config: "c2"), outcome: .failed("boom"))
        try await Fixture.tick()
        let r3 = try await Fixture.claimTraining(
            store, Fixture.trainingKey(backend: "a", config: "c3"), by: .current)

        func ids(_ filter: TrainingRunFilter) async throws -> [Int64] {
            try await store.trainingRuns(matching: filter).map(\.id)
        }
        let missing = max(r1.id, r2.id, r3.id) + 100
        #expect(try await ids(TrainingRunFilter(ids: [r1.id])) == [r1.id])
        // Newest first, whatever the order of the ids; repeats and unknown ids change nothing.
        #expect(try await ids(TrainingRunFilter(ids: [r1.id, r3.id, r1.id, missing])) == [r3.id, r1.id])
        #expect(try await ids(TrainingRunFilter(ids: [missing])) == [])
        #expect(try await ids(TrainingRunFilter(ids: [])) == [])
        #expect(try await ids(TrainingRunFilter(ids: [r1.id, r2.id, r3.id], backendID: "a")) == [r3.id, r1.id])
        #expect(try await ids(TrainingRunFilter(ids: [r1.id, r2.id], status: .failed)) == [r2.id])
        #expect(try await ids(TrainingRunFilter(ids: [r1.id, r2.id, r3.id], limit: 1)) == [r3.id])
        #expect(try await ids(TrainingRunFilter(ids: [r2.id], configHashPrefix: "c2")) == [r2.id])
        #expect(try await ids(TrainingRunFilter(ids: [r2.id], configHashPrefix: "c1")) == [])
        // Any number of ids fits in one query.
        let many = Array(missing..<(missing + 40_000)) + [r2.id]
        #expect(try await ids(TrainingRunFilter(ids: many)) == [r2.id])

        let full = try #require(try await store.trainingRuns(matching: TrainingRunFilter(ids: [r1.id])).first)
        #expect(full.key == r1.key && full.modelID == "m1" && full.config == Fixture.config())
    }

    static func evalResultsByID(_ store: any CacheBackend) async throws {
        let e1 = try await Fixture.finishedEval(
            store, Fixture.evalKey(model: "m1", task: "mmlu"), outcome: Fixture.scored)
        try await Fixture.tick()
        let e2 = try await Fixture.finishedEval(
            store, Fixture.evalKey(model: "m1", task: "arc"), outcome: .failed("x"))

        func ids(_ filter: EvalResultFilter) async throws -> [Int64] {
            try await store.evalResults(matching: filter).map(\.id)
        }
        let missing = max(e1.id, e2.id) + 100
        #expect(try await ids(EvalResultFilter(ids: [e1.id, e2.id])) == [e2.id, e1.id])
        #expect(try await ids(EvalResultFilter(ids: [e1.id, missing])) == [e1.id])
        #expect(try await ids(EvalResultFilter(ids: [])) == [])
        #expect(try await ids(EvalResultFilter(ids: [e1.id, e2.id], status: .succeeded)) == [e1.id])
        #expect(try await ids(EvalResultFilter(ids: [e1.id, e2.id], tasks: ["arc"])) == [e2.id])
        let full = try #require(try await store.evalResults(matching: EvalResultFilter(ids: [e1.id])).first)
        #expect(full.key == e1.key && full.status == .succeeded && full.params == Fixture.params)
    }

    static func modelIDPrefixes(_ store: any CacheBackend) async throws {
        var byModel: [String: Int64] = [:]
        let models = [
            "ft-alpha", "ft-alpha-2", "ft-beta", "FT-alpha",
            // Characters that LIKE, GLOB or a regular expression would read as patterns.
            "a%b", "axb", "a_b", "acb", "a*b", "a[b]", "a\\b", "a.b",
            // Beyond ASCII, and at the ends of the ranges of Unicode scalars.
            "é-1", "e-1", "\u{D7FF}x", "\u{E000}x", "\u{10FFFF}x", "\u{10FFFF}\u{10FFFF}", "z",
        ]
        for (index, model) in models.enumerated() {
            let key = Fixture.trainingKey(config: String(format: "%04x", index + 1))
            byModel[model] = try await Fixture.finishedTraining(store, key, outcome: Fixture.trained(model)).id
        }
        let failed = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(config: "f00d"), outcome: .failed("no model"))
        let pending = try await Fixture.claimTraining(store, Fixture.trainingKey(config: "beef"), by: .current)

        func modelsOf(_ filter: TrainingRunFilter) async throws -> Set<String> {
            Set(try await store.trainingRuns(matching: filter).map { $0.modelID ?? "<\($0.id)>" })
        }
        func prefixed(_ prefix: String, status: EntryStatus? = nil) async throws -> Set<String> {
            try await modelsOf(TrainingRunFilter(modelIDPrefix: prefix, status: status))
        }
        #expect(try await prefixed("ft-alpha") == ["ft-alpha", "ft-alpha-2"])
        #expect(try await prefixed("ft-") == ["ft-alpha", "ft-alpha-2", "ft-beta"])
        #expect(try await prefixed("ft-alpha-2") == ["ft-alpha-2"])
        #expect(try await prefixed("ft-alpha-2-") == [])
        #expect(try await prefixed("FT") == ["FT-alpha"])
        #expect(try await prefixed("a%") == ["a%b"])
        #expect(try await prefixed("a_") == ["a_b"])
        #expect(try await prefixed("a*") == ["a*b"])
        #expect(try await prefixed("a[") == ["a[b]"])
        #expect(try await prefixed("a[b") == ["a[b]"])
        #expect(try await prefixed("a\\") == ["a\\b"])
        #expect(try await prefixed("a.") == ["a.b"])
        #expect(try await prefixed("a") == ["a%b", "axb", "a_b", "acb", "a*b", "a[b]", "a\\b", "a.b"])
        #expect(try await prefixed("é") == ["é-1"])
        #expect(try await prefixed("e") == ["e-1"])
        #expect(try await prefixed("\u{D7FF}") == ["\u{D7FF}x"])
        #expect(try await prefixed("\u{E000}") == ["\u{E000}x"])
        #expect(try await prefixed("\u{10FFFF}") == ["\u{10FFFF}x", "\u{10FFFF}\u{10FFFF}"])
        #expect(try await prefixed("\u{10FFFF}\u{10FFFF}") == ["\u{10FFFF}\u{10FFFF}"])
        #expect(try await prefixed("zz") == [])
        // An empty prefix matches every run with a model id: the succeeded ones.
        #expect(try await prefixed("") == Set(models))
        #expect(try await prefixed("", status: .succeeded) == Set(models))
        #expect(try await prefixed("", status: .failed) == [])
        #expect(try await prefixed("ft-", status: .succeeded) == ["ft-alpha", "ft-alpha-2", "ft-beta"])
        #expect(try await prefixed("ft-", status: .pending) == [])
        #expect(try await modelsOf(TrainingRunFilter()).count == models.count + 2)
        #expect(try await modelsOf(TrainingRunFilter(status: .failed)) == ["<\(failed.id)>"])
        #expect(try await modelsOf(TrainingRunFilter(status: .pending)) == ["<\(pending.id)>"])

        // Fields combine: every one must match.
        #expect(try await modelsOf(TrainingRunFilter(modelID: "ft-alpha", modelIDPrefix: "ft-")) == ["ft-alpha"])
        #expect(try await modelsOf(TrainingRunFilter(modelID: "ft-alpha", modelIDPrefix: "ft-b")) == [])
        #expect(try await modelsOf(TrainingRunFilter(modelID: "ft-alpha", status: .succeeded)) == ["ft-alpha"])
        let alpha2 = try #require(byModel["ft-alpha-2"])
        #expect(try await modelsOf(TrainingRunFilter(ids: [alpha2], modelIDPrefix: "ft-alpha")) == ["ft-alpha-2"])
        let configOfBeta = String(format: "%04x", try #require(models.firstIndex(of: "ft-beta")) + 1)
        #expect(
            try await modelsOf(TrainingRunFilter(configHashPrefix: configOfBeta, modelIDPrefix: "ft-")) == [
                "ft-beta"
            ])
        #expect(try await modelsOf(TrainingRunFilter(backendID: "other", modelIDPrefix: "ft-")) == [])
        #expect(
            try await store.trainingRuns(matching: TrainingRunFilter(modelIDPrefix: "ft-", limit: 2)).count == 2)
    }
}
