import Foundation
import MOCache
import Testing

/// A worker whose lease ran out while its job ran: the store refuses its success (the worker that took
/// the key over holds the fence). When that worker then fails, the refused model, which was paid for,
/// is stored and handed out; before, the waiter ended with the other worker's failure and the model was
/// lost.
@Suite("A refused success is kept when the successor fails")
struct RefusedSuccessTests {
    static let request = TrainingRequest(
        dataset: .bytes(Data("{\"text\": \"fence\"}\n".utf8)), baseModel: "tiny", hyperparameters: ["epochs": 1])

    @Test("the successor fails: the first worker's model is stored and printed", .timeLimit(.minutes(1)))
    func refusedModelIsStoredWhenTheSuccessorFails() async throws {
        let folder = try TemporaryDirectory()
        let sqlite = try await SQLiteCacheBackend(path: folder.path("cache.sqlite"))
        // Every renewal fails: the lease of 1 s runs out while the job runs.
        let store = FlakyRenewalStore(sqlite, failingRenewals: 1_000)
        let gate = Gate()
        let log = RecordedLog()
        let backend = GatedBackend(gate: gate)
        let trainer = CachedTrainingBackend(backend, store: store, leaseDuration: 1, logger: log.logger)
        let training = Task { try await trainer.train(Self.request) }
        let key = try await trainer.key(for: Self.request)
        // The job started (its id is stored), and then the lease ran out.
        while true {
            let record = try await sqlite.trainingRun(for: key)
            if record?.jobID != nil, let lease = record?.lease, lease.expiresAt < Date() { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let successor = Worker(owner: "successor", host: "elsewhere", pid: 1)
        let claim = try await sqlite.claimTrainingRun(
            for: key, config: [:], lease: LeaseRequest(worker: successor, duration: 600))
        guard case .claimed = claim else {
            Issue.record("the successor could not take the expired key over: \(claim)")
            gate.open()
            _ = await training.result
            return
        }
        gate.open()
        // The first worker's success is refused; it waits for the successor, which then fails.
        while !log.all.contains(where: { $0.contains("its result was not stored") }) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await sqlite.trainingRun(for: key)?.status != .succeeded, "the fence refused the success")
        try await sqlite.finishTrainingRun(for: key, owner: "successor", outcome: .failed("the successor's GPU died"))
        let model = try await training.value
        #expect(model.modelID == "gated-model")
        let record = try #require(try await sqlite.trainingRun(for: key))
        #expect(record.status == .succeeded && record.modelID == "gated-model", "\(record)")
        #expect(backend.starts == 1, "the model was paid for once")
        try await sqlite.close()
    }
}

/// Opens once; waiters poll it.
private final class Gate: Sendable {
    private let opened = Locked(false)
    func open() { opened.withLock { $0 = true } }
    var isOpen: Bool { opened.value }
}

/// A backend whose job ends once the gate opens.
private struct GatedBackend: TrainingBackend {
    let gate: Gate
    private let started = Locked(0)
    var backendID: String { "gated" }
    var starts: Int { started.value }

    init(gate: Gate) { self.gate = gate }

    func startTraining(_ request: TrainingRequest, data: PreparedDataset) async throws -> any TrainingRun {
        started.withLock { $0 += 1 }
        return TaskTrainingRun(backendID: backendID, request: request) { [gate] in
            while !gate.isOpen { try await Task.sleep(for: .milliseconds(20)) }
            return TrainedModel(modelID: "gated-model")
        }
    }
}
