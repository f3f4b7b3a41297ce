import Foundation
import MOCache
import MOCacheConformance
import MOCacheTesting
import Testing

/// The training wrapper against every store: hits, misses, failures, policies, single flight in one
/// process, uploads and takeover of a dead worker's job.
@Suite("CachedTrainingBackend")
struct CachedTrainingBackendTests {
    static let request = TrainingRequest(
        dataset: .bytes(Data("{\"prompt\": \"hi\", \"completion\": \"there\"}\n".utf8)), baseModel: "tiny",
        hyperparameters: ["learning_rate": 0.001, "epochs": 3])

    @Test("a repeated request is served from the store without calling the backend", arguments: ConformanceBackends.all)
    func hitWithoutBackendCall(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let dummy = DummyTrainingBackend()
            let trainer = CachedTrainingBackend(dummy, store: store)
            let first = try await trainer.train(Self.request)
            let second = try await trainer.train(Self.request)
            #expect(!first.servedFromCache)
            #expect(second.servedFromCache)
            #expect(second.modelID == first.modelID)
            #expect(dummy.startCount == 1)
            try await store.flushHits()
            let record = try #require(try await store.trainingRun(for: try await trainer.key(for: Self.request)))
            #expect(record.status == .succeeded)
            #expect(record.modelID == first.modelID)
            #expect(record.jobID == first.jobID)
            #expect(record.hitCount == 1)
            #expect(record.config["base_model"] == "tiny")
        }
    }

    @Test("member order and number spelling of hyperparameters do not make a miss", arguments: ConformanceBackends.all)
    func canonicalKeys(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let dummy = DummyTrainingBackend()
            let trainer = CachedTrainingBackend(dummy, store: store)
            _ = try await trainer.train(Self.request)
            let reordered = TrainingRequest(
                dataset: Self.request.dataset, baseModel: "tiny",
                hyperparameters: try JSONValue(parsing: #"{ "epochs": 3.0, "learning_rate": 1e-3 }"#))
            #expect(try await trainer.train(reordered).servedFromCache)
            #expect(dummy.startCount == 1)
        }
    }

    @Test("a failed run is recorded and never served: the next call runs again", arguments: ConformanceBackends.all)
    func failureNotServed(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let dummy = DummyTrainingBackend(failure: .firstStarts(1))
            let trainer = CachedTrainingBackend(dummy, store: store)
            await #expect(throws: MOCacheError.self) { try await trainer.train(Self.request) }
            let failed = try #require(try await store.trainingRun(for: try await trainer.key(for: Self.request)))
            #expect(failed.status == .failed)
            #expect(failed.error?.contains("dummy failure") == true)
            #expect(failed.modelID == nil)
            let retried = try await trainer.train(Self.request)
            #expect(!retried.servedFromCache)
            #expect(dummy.startCount == 2)
        }
    }

    @Test("16 concurrent identical calls in one process start one job", arguments: ConformanceBackends.all)
    func singleFlightInProcess(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let dummy = DummyTrainingBackend(delay: .milliseconds(300))
            let trainer = CachedTrainingBackend(dummy, store: store)
            let models = try await withThrowingTaskGroup(of: TrainedModel.self) { group in
                for _ in 0..<16 { group.addTask { try await trainer.train(Self.request) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(models.count == 16)
            #expect(Set(models.map(\.modelID)).count == 1)
            #expect(dummy.startCount == 1)
        }
    }

    @Test("the job id is stored as soon as the job starts, before it ends", arguments: ConformanceBackends.all)
    func jobIDRecordedBeforeWaiting(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let trainer = CachedTrainingBackend(DummyTrainingBackend(delay: .seconds(600)), store: store)
            let run = try await trainer.start(Self.request)
            let record = try #require(try await store.trainingRun(for: try await trainer.key(for: Self.request)))
            #expect(record.status == .running)
            #expect(record.jobID == run.jobID)
            #expect(record.lease?.owner == Worker.current.owner)
            #expect(record.startedAt != nil)
            try await run.cancel()
            await #expect(throws: MOCacheError.self) { try await run.wait() }
            let cancelled = try #require(try await store.trainingRun(for: try await trainer.key(for: Self.request)))
            #expect(cancelled.status == .cancelled)
        }
    }

    @Test("namespace and replicate make separate keys", arguments: ConformanceBackends.all)
    func namespaceAndReplicate(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let dummy = DummyTrainingBackend()
            let plain = CachedTrainingBackend(dummy, store: store)
            let versioned = CachedTrainingBackend(dummy, store: store, namespace: "code-v2")
            _ = try await plain.train(Self.request)
            #expect(try await !versioned.train(Self.request).servedFromCache)
            #expect(try await !plain.train(Self.request, replicate: 1).servedFromCache)
            #expect(try await plain.train(Self.request, replicate: 1).servedFromCache)
            #expect(dummy.startCount == 3)
            #expect(try await plain.key(for: Self.request) != plain.key(for: Self.request, replicate: 1))
        }
    }

    @Test(
        "policies: refresh reruns, read-only never writes, off bypasses the store", arguments: ConformanceBackends.all)
    func policies(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let dummy = DummyTrainingBackend()
            let trainer = CachedTrainingBackend(dummy, store: store)
            let readOnlyMiss = try await trainer.train(Self.request, policy: .readOnly)
            #expect(!readOnlyMiss.servedFromCache)
            #expect(try await store.trainingRuns(matching: TrainingRunFilter()).isEmpty)
            let stored = try await trainer.train(Self.request)
            #expect(!stored.servedFromCache)
            let readOnlyHit = try await trainer.train(Self.request, policy: .readOnly)
            #expect(readOnlyHit.servedFromCache)
            let refreshed = try await trainer.train(Self.request, policy: .refresh)
            #expect(!refreshed.servedFromCache)
            let bypassed = try await trainer.train(Self.request, policy: .off)
            #expect(!bypassed.servedFromCache)
            #expect(dummy.startCount == 4)
            #expect(try await store.trainingRuns(matching: TrainingRunFilter()).count == 1)
        }
    }

    @Test("a dataset is uploaded once per backend and reused by every config", arguments: ConformanceBackends.all)
    func uploadsReused(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let dummy = DummyTrainingBackend(uploadsDatasets: true)
            let trainer = CachedTrainingBackend(dummy, store: store)
            for rate in [0.1, 0.01, 0.001] {
                _ = try await trainer.train(
                    TrainingRequest(
                        dataset: Self.request.dataset, baseModel: "tiny",
                        hyperparameters: ["learning_rate": .number(rate)]))
            }
            #expect(dummy.uploadCount == 1)
            #expect(dummy.startCount == 3)
            let uploads = try await store.datasetUploads()
            #expect(uploads.count == 1)
            #expect(uploads.first?.backendID == "dummy")
        }
    }

    @Test("a dead worker's job is re-attached, not paid for again", arguments: ConformanceBackends.all)
    func takeoverReattaches(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let dummy = DummyTrainingBackend(delay: .milliseconds(200))
            let trainer = CachedTrainingBackend(dummy, store: store)
            let key = try await trainer.key(for: Self.request)
            // A worker that claimed the key, started the job, recorded its id and died.
            let dead = Worker(owner: "dead-host:1:abc", host: "dead-host", pid: 1)
            let config = TrainingConfiguration.json(for: Self.request)
            _ = try await store.claimTrainingRun(
                for: key, config: config, lease: LeaseRequest(worker: dead, duration: 600))
            let orphan = try await dummy.startTraining(
                Self.request, data: PreparedDataset(dataset: Self.request.dataset, hash: key.datasetHash))
            try await store.recordTrainingJobStarted(for: key, jobID: orphan.jobID, worker: dead)
            // Its lease ran out a moment ago. (Renewing with a negative duration does this at once, where
            // waiting for a short lease would depend on the machine's load.)
            #expect(try await store.renewLease(for: .training(key), owner: dead.owner, duration: -1))

            let model = try await trainer.train(Self.request)
            #expect(!model.servedFromCache)
            #expect(model.jobID == orphan.jobID)
            #expect(dummy.startCount == 1)
            #expect(dummy.attachCount == 1)
            #expect(try await store.trainingRun(for: key)?.status == .succeeded)
        }
    }

    @Test("a run's snapshot resumes it in a new handle")
    func snapshotResumes() async throws {
        let dummy = DummyTrainingBackend(delay: .milliseconds(100))
        let run = try await dummy.startTraining(
            Self.request, data: PreparedDataset(dataset: Self.request.dataset, hash: DatasetHasher.hash(bytes: Data())))
        let saved = try JSONEncoder().encode(run.snapshot)
        let resumed = try await dummy.resume(try JSONDecoder().decode(TrainingRunSnapshot.self, from: saved))
        #expect(try await resumed.wait().modelID == run.wait().modelID)
        await #expect(throws: MOCacheError.self) {
            _ = try await DummyTrainingBackend(backendID: "other").resume(run.snapshot)
        }
    }

    @Test("a missing dataset file and a config without canonical form are clear errors")
    func inputErrors() async throws {
        let trainer = CachedTrainingBackend(DummyTrainingBackend(), store: InMemoryCacheBackend())
        let missing = TrainingRequest(dataset: .file(path: "/nonexistent/train.jsonl"), baseModel: "tiny")
        let error = await #expect(throws: MOCacheError.self) { try await trainer.train(missing) }
        #expect(error?.code == .datasetMissing)
        #expect(error?.message.contains("/nonexistent/train.jsonl") == true)
        let nan = TrainingRequest(
            dataset: Self.request.dataset, baseModel: "tiny", hyperparameters: ["lr": .number(.nan)])
        let nanError = await #expect(throws: MOCacheError.self) { try await trainer.train(nan) }
        #expect(nanError?.code == .invalidConfig)
        #expect(nanError?.message.contains("$.hyperparameters.lr") == true)
    }
}
