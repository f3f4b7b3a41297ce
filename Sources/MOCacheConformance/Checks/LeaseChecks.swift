import Foundation
import MOCacheCore
import Testing

/// Lease renewal.
enum LeaseChecks {
    static let alice = Fixture.worker("alice")
    static let bob = Fixture.worker("bob")

    /// The checks of this group, in the order of the functions below.
    static let checks: [StoreConformanceCheck] = [
        StoreConformanceCheck("leases: the holder renews its lease", theHolderRenewsItsLease),
        StoreConformanceCheck("leases: a renewed lease outlives its first expiry", aRenewedLeaseOutlivesItsFirstExpiry),
        StoreConformanceCheck("leases: only the holder renews", onlyTheHolderRenews),
        StoreConformanceCheck("leases: nobody renews a finished or missing entry", nobodyRenewsAFinishedOrMissingEntry),
    ]

    static func theHolderRenewsItsLease(_ store: any CacheBackend) async throws {
        let trainingKey = Fixture.trainingKey()
        let evalKey = Fixture.evalKey()
        _ = try await Fixture.claimTraining(store, trainingKey, by: alice, duration: 5)
        _ = try await Fixture.claimEval(store, evalKey, by: alice, duration: 5)

        let before = Date()
        #expect(try await store.renewLease(for: .training(trainingKey), owner: alice.owner, duration: 120))
        #expect(try await store.renewLease(for: .eval(evalKey), owner: alice.owner, duration: 120))
        let after = Date()
        let run = try #require(try await store.trainingRun(for: trainingKey))
        #expect(run.lease?.owner == alice.owner)
        #expect(
            Fixture.isWithin(run.lease?.expiresAt, before.addingTimeInterval(120), after.addingTimeInterval(120)))
        let result = try #require(try await store.evalResults(for: [evalKey])[evalKey])
        #expect(result.lease?.owner == alice.owner)
        #expect(
            Fixture.isWithin(result.lease?.expiresAt, before.addingTimeInterval(120), after.addingTimeInterval(120))
        )
    }

    static func aRenewedLeaseOutlivesItsFirstExpiry(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        // Alice's first lease ran out a second ago, as soon as she took it, so that no clock is waited
        // on: without the renewal, Bob would take the key over now.
        let claimed = try await Fixture.claimTraining(store, key, by: alice, duration: -1)
        #expect(try #require(claimed.lease?.expiresAt) < Date())
        #expect(try await store.renewLease(for: .training(key), owner: alice.owner, duration: 60))
        let outcome = try await store.claimTrainingRun(
            for: key, config: Fixture.config(), lease: Fixture.lease(bob))
        #expect(outcome.heldElsewhereRecord?.lease?.owner == alice.owner, "got \(outcome)")
    }

    static func onlyTheHolderRenews(_ store: any CacheBackend) async throws {
        let trainingKey = Fixture.trainingKey()
        let evalKey = Fixture.evalKey()
        let run = try await Fixture.claimTraining(store, trainingKey, by: alice)
        let result = try await Fixture.claimEval(store, evalKey, by: alice)

        #expect(try await store.renewLease(for: .training(trainingKey), owner: bob.owner, duration: 600) == false)
        #expect(try await store.renewLease(for: .eval(evalKey), owner: bob.owner, duration: 600) == false)
        let storedRun = try #require(try await store.trainingRun(for: trainingKey))
        #expect(storedRun.lease?.owner == alice.owner)
        #expect(Fixture.isClose(storedRun.lease?.expiresAt, run.lease?.expiresAt))
        let storedResult = try #require(try await store.evalResults(for: [evalKey])[evalKey])
        #expect(storedResult.lease?.owner == alice.owner)
        #expect(Fixture.isClose(storedResult.lease?.expiresAt, result.lease?.expiresAt))
    }

    static func nobodyRenewsAFinishedOrMissingEntry(_ store: any CacheBackend) async throws {
        let succeeded = Fixture.trainingKey(config: "0001")
        let failed = Fixture.trainingKey(config: "0002")
        let evaluated = Fixture.evalKey()
        try await Fixture.finishedTraining(store, succeeded, outcome: Fixture.trained("m"), worker: alice)
        try await Fixture.finishedTraining(store, failed, outcome: .failed("boom"), worker: alice)
        try await Fixture.finishedEval(store, evaluated, outcome: Fixture.scored, worker: alice)

        #expect(try await store.renewLease(for: .training(succeeded), owner: alice.owner, duration: 60) == false)
        #expect(try await store.renewLease(for: .training(failed), owner: alice.owner, duration: 60) == false)
        #expect(try await store.renewLease(for: .eval(evaluated), owner: alice.owner, duration: 60) == false)
        #expect(try await store.trainingRun(for: succeeded)?.lease == nil)
        #expect(try await store.trainingRun(for: failed)?.lease == nil)

        let missing = Fixture.trainingKey(config: "0003")
        #expect(try await store.renewLease(for: .training(missing), owner: alice.owner, duration: 60) == false)
        #expect(
            try await store.renewLease(for: .eval(Fixture.evalKey(task: "none")), owner: alice.owner, duration: 60)
                == false)
        #expect(try await store.trainingRun(for: missing) == nil)
    }
}
