import Foundation
import MOCacheCore
import Testing

/// Training runs counted per dataset and backend.
enum DatasetTrainingCountChecks {
    /// The checks of this group, in the order of the functions below.
    static let checks: [StoreConformanceCheck] = [
        StoreConformanceCheck(
            "dataset training counts: runs are counted per dataset and backend in any status",
            runsAreCountedPerDatasetAndBackendInAnyStatus)
    ]

    static func runsAreCountedPerDatasetAndBackendInAnyStatus(_ store: any CacheBackend) async throws {
        #expect(try await store.datasetTrainingCounts().isEmpty)

        let worker = Fixture.worker("alice")
        let first = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(dataset: "d1", config: "c1"), outcome: Fixture.trained("m1"))
        try await Fixture.tick()
        _ = try await Fixture.claimTraining(store, Fixture.trainingKey(dataset: "d1", config: "c2"), by: worker)
        try await Fixture.tick()
        let failed = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(dataset: "d1", config: "c3"), outcome: .failed("out of memory"))
        let other = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(backend: "remote", dataset: "d1", config: "c1"),
            outcome: Fixture.trained("m2"))
        let second = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(dataset: "d2", config: "c1"), outcome: Fixture.trained("m3"))
        // Evaluations are not training runs.
        try await Fixture.finishedEval(store, Fixture.evalKey(), outcome: Fixture.scored)

        let counts = try await store.datasetTrainingCounts()
        #expect(counts.map(\.datasetHash) == [Fixture.hash("d1"), Fixture.hash("d1"), Fixture.hash("d2")])
        #expect(counts.map(\.backendID) == ["local", "remote", "local"])
        #expect(counts.map(\.runs) == [3, 1, 1])
        #expect(Fixture.isClose(counts[0].lastCreatedAt, failed.createdAt))
        #expect(counts[0].lastCreatedAt > first.createdAt)
        #expect(Fixture.isClose(counts[1].lastCreatedAt, other.createdAt))
        #expect(Fixture.isClose(counts[2].lastCreatedAt, second.createdAt))

        // The counts are the runs themselves, counted: the same groups, numbers and newest creation times, to
        // the instant. (The CLI's dataset summary relies on it: DatasetSummaryStoreTests.)
        let runs = try await store.trainingRuns(matching: TrainingRunFilter())
        let counted = try Dictionary(grouping: runs) { [$0.key.datasetHash, $0.key.backendID] }.map { group, runs in
            DatasetTrainingCount(
                datasetHash: group[0], backendID: group[1], runs: runs.count,
                lastCreatedAt: try #require(runs.map(\.createdAt).max()))
        }
        #expect(Set(counts) == Set(counted))
    }
}
