import Foundation
import MOCache
import MOCacheTesting
import Testing

/// A lease renewal that fails is retried and logged: the lease never runs out while the job runs, so no
/// other worker takes over and pays for the same job again (issue 10 item 3).
@Suite("Lease renewals")
struct LeaseRenewalTests {
    static let request = TrainingRequest(
        dataset: .bytes(Data("{\"text\": \"renew\"}\n".utf8)), baseModel: "tiny", hyperparameters: ["epochs": 1])

    /// The job ends only once the lease was renewed three times: a heartbeat that gave up after the
    /// failed first renewal never gets there, and the test runs into its time limit. Sequenced by the
    /// renewals themselves, not by sleeps, so that a loaded machine cannot make it fail.
    @Test("one renewal that fails (busy) is retried; renewals go on and the lease stays live", .timeLimit(.minutes(1)))
    func failedRenewalIsRetried() async throws {
        let folder = try TemporaryDirectory()
        let sqlite = try await SQLiteCacheBackend(path: folder.path("cache.sqlite"))
        let store = FlakyRenewalStore(sqlite, failingRenewals: 1)
        let log = RecordedLog()
        let trainer = CachedTrainingBackend(
            RenewalGatedBackend(store: store), store: store, leaseDuration: 3, logger: log.logger)
        let model = try await trainer.train(Self.request)
        #expect(!model.servedFromCache)
        #expect(await store.renewals >= 3)
        #expect(log.all.contains { $0.hasPrefix("warning could not renew the lease; retrying") }, "\(log.all)")
        let record = try #require(try await sqlite.trainingRun(for: try await trainer.key(for: Self.request)))
        #expect(record.status == .succeeded && record.modelID == model.modelID, "\(record)")
        try await sqlite.close()
    }
}

/// A backend whose job ends once its store has seen three lease renewals.
private struct RenewalGatedBackend: TrainingBackend {
    let store: FlakyRenewalStore
    var backendID: String { "renewal-gated" }

    func startTraining(_ request: TrainingRequest, data: PreparedDataset) async throws -> any TrainingRun {
        TaskTrainingRun(backendID: backendID, request: request) { [store] in
            while await store.renewals < 3 { try await Task.sleep(for: .milliseconds(50)) }
            return TrainedModel(modelID: "renewed-3-times")
        }
    }
}
