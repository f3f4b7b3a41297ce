import Foundation
import MOCacheCore
import Testing

/// Removing entries by id.
enum RemoveEntriesChecks {
    /// The checks of this group, in the order of the functions below.
    static let checks: [StoreConformanceCheck] = [
        StoreConformanceCheck(
            "removing entries: removed entries are gone and counted", removedEntriesAreGoneAndCounted),
        StoreConformanceCheck("removing entries: removal uses the kind of the ID", removalUsesTheKindOfTheID),
    ]

    static func removedEntriesAreGoneAndCounted(_ store: any CacheBackend) async throws {
        let alice = Fixture.worker("alice")
        let gone = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(config: "01"), outcome: Fixture.trained("m1"), worker: alice)
        let kept = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(config: "02"), outcome: Fixture.trained("m2"), worker: alice)
        let goneEval = try await Fixture.claimEval(store, Fixture.evalKey(task: "mmlu"), by: alice)
        let keptEval = try await Fixture.finishedEval(store, Fixture.evalKey(task: "arc"), outcome: Fixture.scored)
        await store.recordHit(.training(gone.id))
        try await store.flushHits()

        let missingID = max(gone.id, kept.id) + 1_000
        let removed = try await store.removeEntries([
            .training(gone.id), .eval(goneEval.id), .training(missingID), .eval(keptEval.id + 1_000),
        ])
        #expect(removed == 2)

        #expect(try await store.trainingRun(for: gone.key) == nil)
        #expect(try await store.trainingRun(for: kept.key)?.id == kept.id)
        let evals = try await store.evalResults(for: [goneEval.key, keptEval.key])
        #expect(Set(evals.keys) == [keptEval.key])
        #expect(try await store.trainingRuns(matching: TrainingRunFilter()).map(\.id) == [kept.id])
        #expect(try await store.evalResults(matching: EvalResultFilter()).map(\.id) == [keptEval.id])
        let stats = try await store.statistics()
        #expect(stats.entries.reduce(0) { $0 + $1.count } == 2)
        #expect(stats.totalHits == 0)
        #expect(try await store.renewLease(for: .eval(goneEval.key), owner: alice.owner, duration: 60) == false)

        // Removing again finds nothing.
        #expect(try await store.removeEntries([.training(gone.id), .eval(goneEval.id)]) == 0)
        #expect(try await store.removeEntries([]) == 0)

        // A removed key starts over as a new entry.
        let again = try await Fixture.claimTraining(store, gone.key, by: alice)
        #expect(again.status == .pending && again.modelID == nil && again.hitCount == 0)
        #expect(try await store.trainingRun(for: gone.key)?.status == .pending)
    }

    static func removalUsesTheKindOfTheID(_ store: any CacheBackend) async throws {
        let run = try await Fixture.claimTraining(store, Fixture.trainingKey(), by: .current)
        // There is no evaluation at all: an eval id with the training run's number removes nothing.
        #expect(try await store.removeEntries([.eval(run.id)]) == 0)
        #expect(try await store.trainingRun(for: run.key)?.id == run.id)
        // An id given twice is one entry.
        #expect(try await store.removeEntries([.training(run.id), .training(run.id)]) == 1)
        #expect(try await store.trainingRun(for: run.key) == nil)
    }
}
