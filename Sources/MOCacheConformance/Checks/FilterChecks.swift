import Foundation
import MOCacheCore
import Testing

/// Listing training runs and evaluation results through filters.
enum FilterChecks {
    /// The checks of this group, in the order of the functions below.
    static let checks: [StoreConformanceCheck] = [
        StoreConformanceCheck("filters: training run filters select and order", trainingRunFiltersSelectAndOrder),
        StoreConformanceCheck("filters: eval result filters select and order", evalResultFiltersSelectAndOrder),
    ]

    static func trainingRunFiltersSelectAndOrder(_ store: any CacheBackend) async throws {
        let r1 = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(backend: "a", dataset: "aa11", config: "cc01"),
            outcome: Fixture.trained("m1"))
        try await Fixture.tick()
        let r2 = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(backend: "a", dataset: "aa22", config: "cc02"), outcome: .failed("boom"))
        try await Fixture.tick()
        let t1 = Date()
        try await Fixture.tick()
        let r3 = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(backend: "b", dataset: "bb11", config: "cc01"),
            outcome: Fixture.trained("m2"))
        try await Fixture.tick()
        let r4 = try await Fixture.claimTraining(
            store, Fixture.trainingKey(backend: "b", dataset: "aa11", config: "dd01"), by: .current)
        try await Fixture.tick()
        let t2 = Date()
        try await Fixture.tick()
        await store.recordHit(.training(r1.id))
        try await store.flushHits()
        try await Fixture.tick()
        let t3 = Date()

        func ids(_ filter: TrainingRunFilter) async throws -> [Int64] {
            try await store.trainingRuns(matching: filter).map(\.id)
        }
        #expect(try await ids(TrainingRunFilter()) == [r4.id, r3.id, r2.id, r1.id])
        #expect(try await ids(TrainingRunFilter(backendID: "a")) == [r2.id, r1.id])
        #expect(try await ids(TrainingRunFilter(backendID: "b")) == [r4.id, r3.id])
        #expect(try await ids(TrainingRunFilter(backendID: "c")) == [])
        #expect(try await ids(TrainingRunFilter(datasetHashPrefix: "aa")) == [r4.id, r2.id, r1.id])
        #expect(try await ids(TrainingRunFilter(datasetHashPrefix: "aa1")) == [r4.id, r1.id])
        #expect(try await ids(TrainingRunFilter(datasetHashPrefix: Fixture.hash("bb11"))) == [r3.id])
        #expect(try await ids(TrainingRunFilter(configHashPrefix: "cc0")) == [r3.id, r2.id, r1.id])
        #expect(try await ids(TrainingRunFilter(configHashPrefix: "cc01")) == [r3.id, r1.id])
        #expect(try await ids(TrainingRunFilter(configHashPrefix: "e")) == [])
        #expect(try await ids(TrainingRunFilter(modelID: "m1")) == [r1.id])
        #expect(try await ids(TrainingRunFilter(modelID: "m3")) == [])
        #expect(try await ids(TrainingRunFilter(status: .succeeded)) == [r3.id, r1.id])
        #expect(try await ids(TrainingRunFilter(status: .failed)) == [r2.id])
        #expect(try await ids(TrainingRunFilter(status: .pending)) == [r4.id])
        #expect(try await ids(TrainingRunFilter(status: .cancelled)) == [])
        #expect(try await ids(TrainingRunFilter(createdSince: t1)) == [r4.id, r3.id])
        #expect(try await ids(TrainingRunFilter(createdBefore: t1)) == [r2.id, r1.id])
        #expect(try await ids(TrainingRunFilter(createdSince: t2)) == [])
        #expect(try await ids(TrainingRunFilter(createdSince: t1, createdBefore: r4.createdAt)) == [r3.id])
        #expect(try await ids(TrainingRunFilter(createdSince: r2.createdAt, createdBefore: t1)) == [r2.id])
        #expect(try await ids(TrainingRunFilter(unusedSince: t1)) == [r2.id])
        #expect(try await ids(TrainingRunFilter(unusedSince: t2)) == [r4.id, r3.id, r2.id])
        #expect(try await ids(TrainingRunFilter(unusedSince: t3)) == [r4.id, r3.id, r2.id, r1.id])
        #expect(try await ids(TrainingRunFilter(limit: 2)) == [r4.id, r3.id])
        #expect(try await ids(TrainingRunFilter(limit: 10)) == [r4.id, r3.id, r2.id, r1.id])

        // Fields combine: every one must match.
        #expect(try await ids(TrainingRunFilter(backendID: "a", status: .failed)) == [r2.id])
        #expect(try await ids(TrainingRunFilter(backendID: "b", status: .failed)) == [])
        #expect(try await ids(TrainingRunFilter(datasetHashPrefix: "aa", status: .pending)) == [r4.id])
        #expect(try await ids(TrainingRunFilter(backendID: "b", datasetHashPrefix: "aa1")) == [r4.id])
        #expect(try await ids(TrainingRunFilter(datasetHashPrefix: "aa11", configHashPrefix: "cc")) == [r1.id])
        #expect(try await ids(TrainingRunFilter(backendID: "b", limit: 1)) == [r4.id])
        #expect(try await ids(TrainingRunFilter(status: .succeeded, unusedSince: t2)) == [r3.id])
        #expect(try await ids(TrainingRunFilter(configHashPrefix: "cc01", createdBefore: t1)) == [r1.id])
        #expect(try await ids(TrainingRunFilter(modelID: "m2", createdSince: t1, limit: 5)) == [r3.id])

        let full = try await store.trainingRuns(matching: TrainingRunFilter(modelID: "m2"))
        #expect(
            full.first?.key == r3.key && full.first?.status == .succeeded && full.first?.config == Fixture.config())
    }

    static func evalResultFiltersSelectAndOrder(_ store: any CacheBackend) async throws {
        let p1 = "9a01"
        let p2 = "9a02"
        let e1 = try await Fixture.finishedEval(
            store, Fixture.evalKey(backend: "h1", model: "m1", task: "mmlu", params: p1), outcome: Fixture.scored)
        try await Fixture.tick()
        let e2 = try await Fixture.finishedEval(
            store, Fixture.evalKey(backend: "h1", model: "m1", task: "gsm8k", params: p1), outcome: .failed("x"))
        try await Fixture.tick()
        let t1 = Date()
        try await Fixture.tick()
        let e3 = try await Fixture.finishedEval(
            store, Fixture.evalKey(backend: "h1", model: "m2", task: "mmlu", params: p2), outcome: Fixture.scored)
        try await Fixture.tick()
        let e4 = try await Fixture.claimEval(
            store, Fixture.evalKey(backend: "h2", model: "m1", task: "arc", params: p1), by: .current)
        try await Fixture.tick()
        let t2 = Date()
        try await Fixture.tick()
        await store.recordHit(.eval(e3.id))
        try await store.flushHits()
        try await Fixture.tick()
        let t3 = Date()

        func ids(_ filter: EvalResultFilter) async throws -> [Int64] {
            try await store.evalResults(matching: filter).map(\.id)
        }
        #expect(try await ids(EvalResultFilter()) == [e4.id, e3.id, e2.id, e1.id])
        #expect(try await ids(EvalResultFilter(backendID: "h1")) == [e3.id, e2.id, e1.id])
        #expect(try await ids(EvalResultFilter(backendID: "h3")) == [])
        #expect(try await ids(EvalResultFilter(modelID: "m1")) == [e4.id, e2.id, e1.id])
        #expect(try await ids(EvalResultFilter(modelID: "m2")) == [e3.id])
        #expect(try await ids(EvalResultFilter(tasks: ["mmlu"])) == [e3.id, e1.id])
        #expect(try await ids(EvalResultFilter(tasks: ["mmlu", "arc"])) == [e4.id, e3.id, e1.id])
        #expect(try await ids(EvalResultFilter(tasks: ["hellaswag"])) == [])
        #expect(try await ids(EvalResultFilter(paramsHash: Fixture.hash(p2))) == [e3.id])
        #expect(try await ids(EvalResultFilter(paramsHash: Fixture.hash(p1))) == [e4.id, e2.id, e1.id])
        // The params hash is matched whole, not as a prefix.
        #expect(try await ids(EvalResultFilter(paramsHash: "9a0")) == [])
        #expect(try await ids(EvalResultFilter(status: .succeeded)) == [e3.id, e1.id])
        #expect(try await ids(EvalResultFilter(status: .failed)) == [e2.id])
        #expect(try await ids(EvalResultFilter(status: .pending)) == [e4.id])
        #expect(try await ids(EvalResultFilter(createdSince: t1)) == [e4.id, e3.id])
        #expect(try await ids(EvalResultFilter(createdBefore: t1)) == [e2.id, e1.id])
        #expect(try await ids(EvalResultFilter(createdSince: t1, createdBefore: e4.createdAt)) == [e3.id])
        #expect(try await ids(EvalResultFilter(unusedSince: t1)) == [e2.id, e1.id])
        #expect(try await ids(EvalResultFilter(unusedSince: t2)) == [e4.id, e2.id, e1.id])
        #expect(try await ids(EvalResultFilter(unusedSince: t3)) == [e4.id, e3.id, e2.id, e1.id])
        #expect(try await ids(EvalResultFilter(limit: 1)) == [e4.id])

        // Fields combine: every one must match.
        #expect(
            try await ids(EvalResultFilter(modelID: "m1", tasks: ["mmlu", "gsm8k"], status: .failed)) == [e2.id])
        #expect(try await ids(EvalResultFilter(backendID: "h1", limit: 2)) == [e3.id, e2.id])
        #expect(try await ids(EvalResultFilter(backendID: "h2", modelID: "m2")) == [])
        #expect(
            try await ids(EvalResultFilter(modelID: "m1", paramsHash: Fixture.hash(p1), createdSince: t1)) == [
                e4.id
            ])
        #expect(try await ids(EvalResultFilter(tasks: ["mmlu"], status: .succeeded, unusedSince: t2)) == [e1.id])

        let full = try await store.evalResults(matching: EvalResultFilter(tasks: ["gsm8k"]))
        #expect(full.first?.key == e2.key && full.first?.error == "x" && full.first?.params == Fixture.params)
    }
}
