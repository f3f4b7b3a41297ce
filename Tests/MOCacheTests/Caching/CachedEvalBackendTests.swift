import Foundation
import MOCache
import MOCacheConformance
import MOCacheTesting
import Testing

/// The eval wrapper against every store: per-task caching, partial hits, failures, single flight.
@Suite("CachedEvalBackend")
struct CachedEvalBackendTests {
    @Test("a suite with stored tasks sends only the missing ones to the backend", arguments: ConformanceBackends.all)
    func partialHits(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let dummy = DummyEvalBackend()
            let evals = CachedEvalBackend(dummy, store: store)
            let first = try await evals.evaluate(EvalRequest(modelID: "m1", tasks: ["a", "b", "c"]))
            #expect(first.tasks.values.allSatisfy { !$0.servedFromCache })
            let suite = try await evals.evaluate(EvalRequest(modelID: "m1", tasks: ["a", "b", "c", "d", "e"]))
            #expect(dummy.callCount == 2)
            #expect(dummy.evaluatedTasks == ["a", "b", "c", "d", "e"])
            #expect(Set(suite.tasks.keys) == ["a", "b", "c", "d", "e"])
            #expect(suite.tasks.filter(\.value.servedFromCache).keys.sorted() == ["a", "b", "c"])
            let expected = try DummyEvalBackend.accuracy(modelID: "m1", task: "d", params: .object([:]))
            #expect(suite.tasks["d"]?.metrics["accuracy"] == expected)
            #expect(suite.tasks["a"]?.metrics == first.tasks["a"]?.metrics)
            #expect(suite.tasks["a"]?.sampleCount == 100)
        }
    }

    @Test("other params or another model are misses", arguments: ConformanceBackends.all)
    func keysSeparate(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let dummy = DummyEvalBackend()
            let evals = CachedEvalBackend(dummy, store: store)
            _ = try await evals.evaluate(EvalRequest(modelID: "m1", tasks: ["a"], params: ["shots": 5]))
            _ = try await evals.evaluate(EvalRequest(modelID: "m1", tasks: ["a"], params: ["shots": 0]))
            _ = try await evals.evaluate(EvalRequest(modelID: "m2", tasks: ["a"], params: ["shots": 5]))
            _ = try await evals.evaluate(EvalRequest(modelID: "m1", tasks: ["a"], params: ["shots": 5.0]))
            #expect(dummy.callCount == 3)
        }
    }

    @Test("a failed task keeps the others' scores and runs again next time", arguments: ConformanceBackends.all)
    func failedTask(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let broken = CachedEvalBackend(DummyEvalBackend(failingTasks: ["b"]), store: store)
            let error = await #expect(throws: MOCacheError.self) {
                try await broken.evaluate(EvalRequest(modelID: "m1", tasks: ["a", "b", "c"]))
            }
            #expect(error?.code == .jobFailed)
            #expect(error?.message.contains("b: dummy failure") == true)
            let keys = try await store.evalResults(matching: EvalResultFilter(modelID: "m1"))
            #expect(
                Dictionary(uniqueKeysWithValues: keys.map { ($0.key.task, $0.status) }) == [
                    "a": .succeeded, "b": .failed, "c": .succeeded,
                ])
            let fixed = DummyEvalBackend()
            let suite = try await CachedEvalBackend(fixed, store: store).evaluate(
                EvalRequest(modelID: "m1", tasks: ["a", "b", "c"]))
            #expect(fixed.evaluatedTasks == ["b"])
            #expect(suite.tasks["b"]?.servedFromCache == false)
        }
    }

    @Test("concurrent identical suites in one process run each task once", arguments: ConformanceBackends.all)
    func singleFlight(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let dummy = DummyEvalBackend(delay: .milliseconds(200))
            let evals = CachedEvalBackend(dummy, store: store)
            let suites = try await withThrowingTaskGroup(of: EvalResults.self) { group in
                for index in 0..<8 {
                    let tasks = index.isMultiple(of: 2) ? ["a", "b"] : ["b", "c"]
                    group.addTask { try await evals.evaluate(EvalRequest(modelID: "m1", tasks: tasks)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(suites.count == 8)
            #expect(dummy.evaluatedTasks.sorted() == ["a", "b", "c"])
        }
    }

    @Test("read-only serves hits and writes nothing; off bypasses", arguments: ConformanceBackends.all)
    func policies(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let dummy = DummyEvalBackend()
            let evals = CachedEvalBackend(dummy, store: store)
            _ = try await evals.evaluate(EvalRequest(modelID: "m1", tasks: ["a", "b"]), policy: .readOnly)
            #expect(try await store.evalResults(matching: EvalResultFilter()).isEmpty)
            _ = try await evals.evaluate(EvalRequest(modelID: "m1", tasks: ["a"]))
            let mixed = try await evals.evaluate(EvalRequest(modelID: "m1", tasks: ["a", "b"]), policy: .readOnly)
            #expect(mixed.tasks["a"]?.servedFromCache == true)
            #expect(mixed.tasks["b"]?.servedFromCache == false)
            _ = try await evals.evaluate(EvalRequest(modelID: "m1", tasks: ["a"]), policy: .off)
            _ = try await evals.evaluate(EvalRequest(modelID: "m1", tasks: ["a"]), policy: .refresh)
            #expect(dummy.evaluatedTasks == ["a", "b", "a", "b", "a", "a"])
            #expect(try await store.evalResults(matching: EvalResultFilter()).count == 1)
        }
    }
}
