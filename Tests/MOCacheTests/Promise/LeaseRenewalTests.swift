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

    @Test("one renewal that fails (busy) is retried; the lease stays live; another worker waits")
    func failedRenewalIsRetried() async throws {
        let folder = try TemporaryDirectory()
        let sqlite = try await SQLiteCacheBackend(path: folder.path("cache.sqlite"))
        let store = FlakyRenewalStore(sqlite, failingRenewals: 1)
        let log = RecordedLog()
        let trainer = CachedTrainingBackend(
            DummyTrainingBackend(delay: .milliseconds(7_500)), store: store, leaseDuration: 3, logger: log.logger)
        let training = Task { try await trainer.train(Self.request) }
        // The first renewal (after 1 s) fails; a heartbeat that gave up would let the lease end at 3 s. The
        // lease is seconds long, not fractions of one, so that a busy machine's slow writes do not end it.
        try await Task.sleep(for: .milliseconds(5_500))
        let key = try await trainer.key(for: Self.request)
        let other = Worker(owner: "other-worker", host: "elsewhere", pid: 1)
        let claim = try await sqlite.claimTrainingRun(
            for: key, config: [:], lease: LeaseRequest(worker: other, duration: 60))
        guard case .heldElsewhere = claim else {
            Issue.record("another worker could take the key over while its job ran: \(claim)")
            _ = await training.result
            try await sqlite.close()
            return
        }
        let model = try await training.value
        #expect(!model.servedFromCache)
        #expect(await store.renewals >= 3)
        #expect(log.all.contains { $0.hasPrefix("warning could not renew the lease; retrying") }, "\(log.all)")
        try await sqlite.close()
    }
}
