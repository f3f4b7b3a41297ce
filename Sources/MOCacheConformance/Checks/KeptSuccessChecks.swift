import Foundation
import MOCacheCore
import Testing

/// A finished job keeps its result, even when its entry was removed while it ran.
enum KeptSuccessChecks {
    static let alice = Fixture.worker("alice", pid: 101)
    static let bob = Fixture.worker("bob", pid: 202)

    /// The checks of this group, in the order of the functions below.
    static let checks: [StoreConformanceCheck] = [
        StoreConformanceCheck(
            "kept success: a success whose entry was removed is stored again", aSuccessWhoseEntryWasRemovedIsStored),
        StoreConformanceCheck(
            "kept success: a success whose entry was claimed anew is stored", aSuccessWhoseEntryWasClaimedAnewIsStored),
    ]

    static func aSuccessWhoseEntryWasRemovedIsStored(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        let claimed = try await Fixture.claimTraining(store, key, by: alice)
        try await store.recordTrainingJobStarted(for: key, jobID: "job-1", worker: alice)
        #expect(try await store.removeEntries([.training(claimed.id)]) == 1)

        let stored = try await store.finishTrainingRunKeepingSuccess(
            for: key, config: Fixture.config(), worker: alice, jobID: "job-1", leaseDuration: 60, modelID: "m-1",
            metadata: .object(["loss": .number(0.25)]))
        #expect(stored.status == .succeeded && stored.modelID == "m-1" && stored.jobID == "job-1", "got \(stored)")
        let served = try #require(try await store.trainingRun(for: key))
        #expect(served.status == .succeeded && served.modelID == "m-1" && served.lease == nil)
        #expect(served.config == Fixture.config() && served.metadata == .object(["loss": .number(0.25)]))
        // Served to the next worker, which pays for nothing.
        let next = try await store.claimTrainingRun(for: key, config: Fixture.config(), lease: Fixture.lease(bob))
        #expect(next.completedRecord?.modelID == "m-1", "got \(next)")
    }

    static func aSuccessWhoseEntryWasClaimedAnewIsStored(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        let claimed = try await Fixture.claimTraining(store, key, by: alice)
        try await store.recordTrainingJobStarted(for: key, jobID: "job-1", worker: alice)
        #expect(try await store.removeEntries([.training(claimed.id)]) == 1)
        _ = try await Fixture.claimTraining(store, key, by: bob)

        let stored = try await store.finishTrainingRunKeepingSuccess(
            for: key, config: Fixture.config(), worker: alice, jobID: "job-1", leaseDuration: 60, modelID: "m-1",
            metadata: nil)
        #expect(stored.status == .succeeded && stored.modelID == "m-1", "got \(stored)")
        // Bob's job, ending later, leaves the stored model alone.
        let late = try await store.finishTrainingRun(for: key, owner: bob.owner, outcome: Fixture.trained("m-2"))
        #expect(late.modelID == "m-1")
    }
}
