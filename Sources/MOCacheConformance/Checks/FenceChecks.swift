import Foundation
import MOCacheCore
import Testing

/// Lease fences: a worker whose entry another worker took over changes nothing of it.
enum FenceChecks {
    static let alice = Fixture.worker("alice", pid: 101)
    static let bob = Fixture.worker("bob", pid: 202)

    /// The checks of this group, in the order of the functions below.
    static let checks: [StoreConformanceCheck] = [
        StoreConformanceCheck(
            "fences: a stale owner's job start and success are refused (training)",
            aStaleOwnersTrainingWritesAreRefused),
        StoreConformanceCheck(
            "fences: a stale owner's job start and success are refused (eval)", aStaleOwnersEvalWritesAreRefused),
    ]

    static func aStaleOwnersTrainingWritesAreRefused(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        // Alice's lease ran out as she took it (she paused); Bob takes the run over.
        _ = try await Fixture.claimTraining(store, key, by: alice, duration: -1)
        _ = try await Fixture.claimTraining(store, key, by: bob)

        // Alice wakes up: her job start would overwrite Bob's, so it is refused.
        let started = await #expect(throws: MOCacheError.self) {
            try await store.recordTrainingJobStarted(for: key, jobID: "job-alice", worker: alice)
        }
        #expect(started?.code == .leaseLost, "got \(String(describing: started))")
        try await store.recordTrainingJobStarted(for: key, jobID: "job-bob", worker: bob)
        // Alice's heartbeat and her success change nothing while Bob's job runs.
        #expect(try await store.renewLease(for: .training(key), owner: alice.owner, duration: 600) == false)
        let refused = try await store.finishTrainingRun(for: key, owner: alice.owner, outcome: Fixture.trained("m-a"))
        #expect(refused.status == .running && refused.modelID == nil, "got \(refused)")
        let running = try #require(try await store.trainingRun(for: key))
        #expect(running.status == .running && running.jobID == "job-bob" && running.modelID == nil)
        #expect(running.lease?.owner == bob.owner && running.pid == bob.pid)

        // Bob's result is the one stored.
        let stored = try await store.finishTrainingRun(for: key, owner: bob.owner, outcome: Fixture.trained("m-b"))
        #expect(stored.status == .succeeded && stored.modelID == "m-b")
        #expect(try await store.trainingRun(for: key)?.modelID == "m-b")
    }

    static func aStaleOwnersEvalWritesAreRefused(_ store: any CacheBackend) async throws {
        let key = Fixture.evalKey()
        _ = try await Fixture.claimEval(store, key, by: alice, duration: -1)
        _ = try await Fixture.claimEval(store, key, by: bob)

        let started = await #expect(throws: MOCacheError.self) {
            try await store.recordEvalJobStarted(for: key, jobID: "eval-alice", worker: alice)
        }
        #expect(started?.code == .leaseLost, "got \(String(describing: started))")
        try await store.recordEvalJobStarted(for: key, jobID: "eval-bob", worker: bob)
        #expect(try await store.renewLease(for: .eval(key), owner: alice.owner, duration: 600) == false)
        let refused = try await store.finishEvalResult(
            for: key, owner: alice.owner, outcome: .succeeded(metrics: ["acc": 0.1], sampleCount: 1, logPath: nil))
        #expect(refused.status == .running && refused.metrics == nil, "got \(refused)")
        let running = try #require(try await store.evalResults(for: [key])[key])
        #expect(running.status == .running && running.jobID == "eval-bob" && running.lease?.owner == bob.owner)

        let stored = try await store.finishEvalResult(
            for: key, owner: bob.owner, outcome: .succeeded(metrics: ["acc": 0.9], sampleCount: 1, logPath: nil))
        #expect(stored.status == .succeeded && stored.metrics == ["acc": 0.9])
    }
}
