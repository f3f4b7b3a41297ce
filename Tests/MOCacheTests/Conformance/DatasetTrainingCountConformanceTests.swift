import Foundation
import MOCache
import MOCacheCLI
import Testing

/// Training runs counted per dataset and backend, against every store.
@Suite struct DatasetTrainingCountConformanceTests {
    @Test(arguments: ConformanceBackends.all)
    func runsAreCountedPerDatasetAndBackendInAnyStatus(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
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

            // The summary built from the counts is the one built from the runs themselves.
            let runs = try await store.trainingRuns(matching: TrainingRunFilter())
            let uploads = try await store.datasetUploads()
            let memos = try await store.fileHashMemos()
            let fromRuns = DatasetSummary.summarize(trainingRuns: runs, uploads: uploads, memos: memos)
            #expect(try await DatasetSummary.all(in: store) == fromRuns)
        }
    }
}
