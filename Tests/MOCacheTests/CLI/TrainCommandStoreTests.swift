import Foundation
import Logging
import MOCache
import MOCacheTesting
import Testing

@testable import MOCacheCLI

/// What `mocache train` asks of the store, counted: the model brings its key and entry id back, so the
/// command never hashes the dataset or looks the run up again.
@Suite("mocache train: reads of the store")
struct TrainCommandStoreTests {
    @Test("a train reads its row once: a miss, a hit, and the entry for --format json by its id")
    func readsTheRowOnce() async throws {
        let folder = try TemporaryDirectory()
        let dataset = folder.path("data.jsonl")
        try Data("{\"text\": \"hello\"}\n".utf8).write(to: URL(fileURLWithPath: dataset))
        let database = try await SQLiteCacheBackend(
            path: folder.path("cache.sqlite"), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let request = TrainingRequest(dataset: .file(path: dataset), baseModel: "tiny")
        let backend = DummyTrainingBackend()

        func train(entry: Bool) async throws -> (TrainedModel, TrainingRunRecord?, [String: Int]) {
            let store = CountingStore(database)
            let trainer = CachedTrainingBackend(backend, store: store, namespace: "n")
            let (model, record) = try await TrainCommand.train(
                request, replicate: 0, with: trainer, entry: entry, interrupts: nil)
            return (model, record, await store.reads)
        }

        // A miss: the wrapper looks the key up and claims it; the memo is read once, by the wrapper.
        let (trained, _, missReads) = try await train(entry: false)
        #expect(!trained.servedFromCache)
        #expect(missReads == ["trainingRun": 1, "claimTrainingRun": 1, "memoizedHash": 1], "\(missReads)")

        // A hit: one read of the row, the wrapper's.
        let (served, _, hitReads) = try await train(entry: false)
        #expect(served.servedFromCache && served.entryID == trained.entryID && served.key == trained.key)
        #expect(hitReads == ["trainingRun": 1, "memoizedHash": 1], "\(hitReads)")

        // --format json prints the entry: read by its id, not by a key computed again.
        let (_, entry, jsonReads) = try await train(entry: true)
        #expect(entry?.id == trained.entryID && entry?.modelID == trained.modelID)
        #expect(jsonReads == ["trainingRun": 1, "trainingRuns": 1, "memoizedHash": 1], "\(jsonReads)")
        try await database.close()
    }
}
