import Foundation
import MOCache
import MOCacheConformance
import Testing

/// What only the in-memory store promises, beyond the conformance tests: ids from 1, exact times from an
/// injected clock, and errors for keys that were never claimed.
@Suite struct InMemoryCacheBackendTests {
    let clock = TestClock()
    let alice = Fixture.worker("alice")
    let bob = Fixture.worker("bob")

    func makeStore() -> InMemoryCacheBackend {
        let clock = clock
        return InMemoryCacheBackend { clock.now }
    }

    @Test func idsStartAtOnePerTableAndAreNeverReused() async throws {
        let store = makeStore()
        let first = try await Fixture.claimTraining(store, Fixture.trainingKey(config: "01"), by: alice)
        let second = try await Fixture.claimTraining(store, Fixture.trainingKey(config: "02"), by: alice)
        let eval = try await Fixture.claimEval(store, Fixture.evalKey(), by: alice)
        #expect([first.id, second.id, eval.id] == [1, 2, 1])
        #expect(try await store.removeEntries([.training(second.id)]) == 1)
        let third = try await Fixture.claimTraining(store, Fixture.trainingKey(config: "02"), by: alice)
        #expect(third.id == 3)
    }

    @Test func aLeaseRunsOutExactlyAtItsExpiry() async throws {
        let store = makeStore()
        let key = Fixture.trainingKey()
        let claimed = try await Fixture.claimTraining(store, key, by: alice, duration: 30)
        #expect(claimed.lease == Lease(owner: alice.owner, expiresAt: clock.now.addingTimeInterval(30)))
        try await store.recordTrainingJobStarted(for: key, jobID: "job-1", worker: alice)

        clock.advance(29.999)
        let held = try await store.claimTrainingRun(for: key, config: Fixture.config(), lease: Fixture.lease(bob))
        #expect(held.heldElsewhereRecord != nil)
        clock.advance(0.001)
        let taken = try await store.claimTrainingRun(for: key, config: Fixture.config(), lease: Fixture.lease(bob))
        #expect(taken.claimedRecord?.jobID == "job-1")
        #expect(taken.claimedRecord?.lease == Lease(owner: bob.owner, expiresAt: clock.now.addingTimeInterval(60)))
    }

    @Test func anExpiredLeaseNobodyTookOverIsStillTheOwners() async throws {
        let store = makeStore()
        let key = Fixture.evalKey()
        _ = try await Fixture.claimEval(store, key, by: alice, duration: 1)
        clock.advance(10)
        #expect(try await store.renewLease(for: .eval(key), owner: alice.owner, duration: 5))
        #expect(try await store.evalResults(for: [key])[key]?.lease?.expiresAt == clock.now.addingTimeInterval(5))
        clock.advance(10)
        let failed = try await store.finishEvalResult(for: key, owner: alice.owner, outcome: .failed("slow"))
        #expect(failed.status == .failed && failed.error == "slow" && failed.finishedAt == clock.now)
    }

    @Test func timesComeFromTheClock() async throws {
        let store = makeStore()
        let key = Fixture.trainingKey()
        let created = clock.now
        _ = try await Fixture.claimTraining(store, key, by: alice)
        clock.advance(10)
        try await store.recordTrainingJobStarted(for: key, jobID: "job-1", worker: alice)
        clock.advance(60)
        let finished = try await store.finishTrainingRun(for: key, owner: alice.owner, outcome: Fixture.trained("m"))
        clock.advance(5)
        for _ in 0..<3 { await store.recordHit(.training(finished.id)) }
        try await store.flushHits()

        let run = try #require(try await store.trainingRun(for: key))
        #expect(run.createdAt == created)
        #expect(run.startedAt == created.addingTimeInterval(10))
        #expect(run.finishedAt == created.addingTimeInterval(70))
        #expect(run.computeSeconds == 60)
        #expect(run.lastHitAt == created.addingTimeInterval(75))
        let stats = try await store.statistics()
        #expect(stats.savings == [CacheStatistics.Savings(backendID: "local", hits: 3, savedSeconds: 180)])
        #expect(stats.schemaVersion == 0)
        #expect(stats.sizeBytes == nil)
    }

    @Test func entriesCreatedTogetherListByIdNewestFirst() async throws {
        let store = makeStore()
        let runs = try await (0..<3).asyncMap {
            try await Fixture.claimTraining(store, Fixture.trainingKey(config: "0\($0)"), by: alice)
        }
        let listed = try await store.trainingRuns(matching: TrainingRunFilter())
        #expect(listed.map(\.id) == runs.map(\.id).reversed())
        let evals = try await ["a", "b"].asyncMap {
            try await Fixture.claimEval(store, Fixture.evalKey(task: $0), by: alice)
        }
        #expect(try await store.evalResults(matching: EvalResultFilter()).map(\.id) == evals.map(\.id).reversed())
    }

    @Test func filterTimeBoundsAreSinceInclusiveAndBeforeExclusive() async throws {
        let store = makeStore()
        let created = clock.now
        let run = try await Fixture.claimTraining(store, Fixture.trainingKey(), by: alice)
        #expect(try await store.trainingRuns(matching: TrainingRunFilter(createdSince: created)).map(\.id) == [run.id])
        #expect(try await store.trainingRuns(matching: TrainingRunFilter(createdBefore: created)).isEmpty)
        // Never served: unused since any time after its creation, not at its creation.
        #expect(try await store.trainingRuns(matching: TrainingRunFilter(unusedSince: created)).isEmpty)
        #expect(
            try await store.trainingRuns(matching: TrainingRunFilter(unusedSince: created.addingTimeInterval(1)))
                .map(\.id) == [run.id])
        #expect(try await store.trainingRuns(matching: TrainingRunFilter(limit: 0)).isEmpty)
    }

    @Test func jobsAndOutcomesForUnclaimedKeysAreErrors() async throws {
        let store = makeStore()
        let key = Fixture.trainingKey()
        let evalKey = Fixture.evalKey()
        await #expect(throws: MOCacheError.self) {
            try await store.recordTrainingJobStarted(for: key, jobID: "job", worker: alice)
        }
        await #expect(throws: MOCacheError.self) {
            try await store.finishTrainingRun(for: key, owner: alice.owner, outcome: Fixture.trained("m"))
        }
        await #expect(throws: MOCacheError.self) {
            try await store.recordEvalJobStarted(for: evalKey, jobID: nil, worker: alice)
        }
        let error = await #expect(throws: MOCacheError.self) {
            try await store.finishEvalResult(for: evalKey, owner: alice.owner, outcome: Fixture.scored)
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains(evalKey.description) == true)
    }

    @Test func aLateJobStartDoesNotUndoASuccess() async throws {
        let store = makeStore()
        let key = Fixture.trainingKey()
        let finished = try await Fixture.finishedTraining(store, key, outcome: Fixture.trained("m"), worker: alice)
        try await store.recordTrainingJobStarted(for: key, jobID: "late", worker: bob)
        #expect(try await store.trainingRun(for: key) == finished)
    }
}

extension Sequence {
    /// The results of `transform` on each element in order, one after another.
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
