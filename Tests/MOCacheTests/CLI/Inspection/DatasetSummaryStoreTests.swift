import Foundation
import MOCache
import MOCacheCLI
import MOCacheConformance
import Testing

/// The dataset summary read through a store's counts, against every store: the same as the summary built
/// from the runs themselves.
@Suite("Dataset summaries in a store")
struct DatasetSummaryStoreTests {
    @Test(arguments: ConformanceBackends.all)
    func theSummaryFromTheCountsIsTheOneFromTheRuns(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let worker = Fixture.worker("alice")
            try await Fixture.finishedTraining(
                store, Fixture.trainingKey(dataset: "d1", config: "c1"), outcome: Fixture.trained("m1"))
            try await Fixture.tick()
            _ = try await Fixture.claimTraining(store, Fixture.trainingKey(dataset: "d1", config: "c2"), by: worker)
            try await Fixture.tick()
            try await Fixture.finishedTraining(
                store, Fixture.trainingKey(dataset: "d1", config: "c3"), outcome: .failed("out of memory"))
            try await Fixture.finishedTraining(
                store, Fixture.trainingKey(backend: "remote", dataset: "d1", config: "c1"),
                outcome: Fixture.trained("m2"))
            try await Fixture.finishedTraining(
                store, Fixture.trainingKey(dataset: "d2", config: "c1"), outcome: Fixture.trained("m3"))
            // Evaluations are not training runs.
            try await Fixture.finishedEval(store, Fixture.evalKey(), outcome: Fixture.scored)
            // A dataset known only by its upload, and one only by a file's hash.
            try await store.recordDatasetUpload(
                DatasetUpload(
                    backendID: "remote", datasetHash: Fixture.hash("d3"), fileID: "file-3", uploadedAt: Date()))
            try await store.memoizeHash(
                Fixture.hash("d4"),
                for: FileIdentity(path: "/data/d4.jsonl", device: 1, inode: 2, size: 3, modificationTimeNanoseconds: 4))

            let runs = try await store.trainingRuns(matching: TrainingRunFilter())
            let uploads = try await store.datasetUploads()
            let memos = try await store.fileHashMemos()
            let fromRuns = DatasetSummary.summarize(trainingRuns: runs, uploads: uploads, memos: memos)
            #expect(fromRuns.count == 4)
            #expect(try await DatasetSummary.all(in: store) == fromRuns)
        }
    }
}
