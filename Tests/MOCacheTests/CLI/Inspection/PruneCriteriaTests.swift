import Foundation
import Testing

@testable import MOCacheCLI
@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

@Suite("Prune criteria")
struct PruneCriteriaTests {
    typealias F = InspectionFixtures

    @Test("failed entries, old entries, unused entries, by backend; never work in flight")
    func select() async throws {
        let clock = TestClock()
        let store = InMemoryCacheBackend { clock.now }
        let old = try await F.store(F.config(0.1), in: store)
        let oldFailed = try await F.store(F.config(0.2), in: store, fail: true)
        let oldEval = try await F.storeEval(model: old.modelID ?? "", task: "t", metrics: ["a": 1], in: store)
        clock.advance(40 * 86_400)
        let recent = try await F.store(F.config(0.3), in: store, backend: "other")
        let recentFailed = try await F.storeEval(model: "m", task: "t", metrics: [:], in: store, fail: true)
        // A claim in flight, long ago created but with a live lease.
        let inFlightKey = TrainingKey(backendID: "process:train", datasetHash: F.hash("d"), configHash: F.hash("e"))
        _ = try await store.claimTrainingRun(for: inFlightKey, config: [:], lease: LeaseRequest(duration: 3_600))
        await store.recordHit(.training(old.id))
        let now = clock.now

        func ids(_ criteria: PruneCriteria) async throws -> [EntryID] {
            try await criteria.select(in: store, now: now).map(\.id)
        }
        #expect(try await ids(PruneCriteria(failed: true)) == [.training(oldFailed.id), .eval(recentFailed.id)])
        let monthAgo = now - 30 * 86_400
        #expect(
            try await ids(PruneCriteria(olderThan: monthAgo))
                == [.training(old.id), .training(oldFailed.id), .eval(oldEval.id)])
        #expect(
            try await ids(PruneCriteria(failed: true, olderThan: monthAgo)) == [.training(oldFailed.id)])
        // `old` was served just now: it is not unused.
        #expect(
            try await ids(PruneCriteria(unusedSince: monthAgo)) == [.training(oldFailed.id), .eval(oldEval.id)])
        #expect(try await ids(PruneCriteria(olderThan: now + 1, backendID: "other")) == [.training(recent.id)])
        // Everything but the entry in flight.
        let everything = try await ids(PruneCriteria(olderThan: now + 1))
        #expect(everything.count == 5)
    }
}
