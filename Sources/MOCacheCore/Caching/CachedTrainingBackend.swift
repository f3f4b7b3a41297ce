import Foundation
import Logging

/// Wraps any training backend so that the same request is trained once and served from the store after.
///
/// The key of a request is its backend id, the SHA-256 of its dataset and the SHA-256 of its
/// canonical configuration (see ``TrainingConfiguration``). A stored success comes back at once, marked
/// ``TrainedModel/servedFromCache``, and the backend is never called. On a miss the wrapper claims the
/// key in the store, starts the job, records the job id before waiting, and stores the model id when
/// the job succeeds. Failures are recorded but never served.
///
/// Identical requests share one job: within a process through a table of flights, across processes
/// through a lease in the store that the running worker renews. When a worker dies, its lease runs out
/// and a waiting worker takes over, re-attaching to the recorded job where the backend can.
///
/// The wrapper is a ``TrainingBackend`` itself, so wrappers compose.
///
/// ```swift
/// let store = try await SQLiteCacheBackend(path: SQLiteCacheBackend.defaultPath())
/// let trainer = CachedTrainingBackend(ProcessTrainingBackend(command: ["python3", "finetune.py"]), store: store)
/// let model = try await trainer.train(TrainingRequest(
///     dataset: .file(path: "data/train.jsonl"), baseModel: "llama-3-8b",
///     hyperparameters: ["learning_rate": 1e-4, "epochs": 3]))
/// print(model.modelID, model.servedFromCache)
/// ```
public final class CachedTrainingBackend: TrainingBackend {
    /// The backend that does the work on a miss.
    public let backend: any TrainingBackend
    /// Where runs are stored.
    public let store: any CacheBackend
    /// A label of your own (a code version, say) that is part of every key: change it to retrain.
    public let namespace: String?
    /// The policy of calls that do not give one.
    public let policy: CachePolicy
    /// How long a worker's claim on a key lasts without renewal; it is renewed every third of this.
    public let leaseDuration: TimeInterval
    /// How often a waiting worker looks at the store: from the lower bound, growing to the upper.
    public let pollInterval: ClosedRange<Duration>

    private let logger: Logger
    private let flights = FlightTable<TrainingKey, TrainingFlight>()

    /// Wraps `backend`.
    ///
    /// - Parameters:
    ///   - backend: The backend to call on a miss.
    ///   - store: Where runs are stored.
    ///   - namespace: A label that is part of every key, such as a code version.
    ///   - policy: The policy of calls that do not give one.
    ///   - leaseDuration: How long a claim lasts without renewal. A dead worker's job is taken over
    ///     after at most this long.
    ///   - pollInterval: How often a waiting worker looks at the store.
    ///   - logger: Where the wrapper says what it does, at debug level. By default the task-local
    ///     `Logger.current`: the application's logger (bound with swift-log's `withLogger`) and its metadata.
    public init(
        _ backend: any TrainingBackend, store: any CacheBackend, namespace: String? = nil, policy: CachePolicy = .use,
        leaseDuration: TimeInterval = 60, pollInterval: ClosedRange<Duration> = .milliseconds(20)...(.seconds(1)),
        logger: Logger = Logger.current
    ) {
        self.backend = backend
        self.store = store
        self.namespace = namespace
        self.policy = policy
        self.leaseDuration = leaseDuration
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public var backendID: String { backend.backendID }
    public var canAttach: Bool { backend.canAttach }

    /// Trains, or serves the stored model, and returns it: the main entry point.
    ///
    /// - Parameters:
    ///   - request: What to train.
    ///   - replicate: 1, 2, ... to train the same configuration again on purpose, under its own key.
    ///   - policy: This call's policy; the wrapper's by default.
    /// - Throws: ``MOCacheError``: the job failed, the dataset is missing, the config has no
    ///   canonical form, or the store failed.
    public func train(_ request: TrainingRequest, replicate: Int = 0, policy: CachePolicy? = nil) async throws
        -> TrainedModel
    {
        try await start(request, replicate: replicate, policy: policy).wait()
    }

    /// Starts training, or finds the stored run, and returns its handle once the job has an id.
    ///
    /// The job goes on, and its result is stored, even if nobody waits on the handle.
    public func start(_ request: TrainingRequest, replicate: Int = 0, policy: CachePolicy? = nil) async throws
        -> any TrainingRun
    {
        let policy = policy ?? self.policy
        let datasetHash: String
        switch policy {
        case .use, .refresh: datasetHash = try await DatasetHasher.hash(request.dataset, memo: store)
        case .readOnly: datasetHash = try await DatasetHasher.hash(request.dataset, memo: store, updatingMemo: false)
        case .off: datasetHash = try await DatasetHasher.hash(request.dataset)
        }
        return try await start(request, datasetHash: datasetHash, replicate: replicate, policy: policy)
    }

    /// Part of ``TrainingBackend``: starts training with the wrapper's policy, for data already hashed.
    public func startTraining(_ request: TrainingRequest, data: PreparedDataset) async throws -> any TrainingRun {
        try await start(request, datasetHash: data.hash, replicate: 0, policy: policy)
    }

    public func attach(toJob jobID: String) async throws -> any TrainingRun {
        try await backend.attach(toJob: jobID)
    }

    /// The store key a request has through this wrapper.
    public func key(for request: TrainingRequest, replicate: Int = 0) async throws -> TrainingKey {
        let datasetHash = try await DatasetHasher.hash(request.dataset, memo: store)
        return try TrainingConfiguration.key(
            for: request, backendID: backendID, datasetHash: datasetHash, namespace: namespace, replicate: replicate)
    }

    // MARK: - Policies

    private func start(_ request: TrainingRequest, datasetHash: String, replicate: Int, policy: CachePolicy)
        async throws -> any TrainingRun
    {
        let config = TrainingConfiguration.json(for: request, namespace: namespace, replicate: replicate)
        let key = TrainingKey(backendID: backendID, datasetHash: datasetHash, configHash: try config.configHash())
        let metadata: Logger.Metadata = ["key": "\(key)", "policy": "\(policy.rawValue)"]
        if policy == .off {
            logger.debug("cache off: calling the backend", metadata: metadata)
            return try await backend.startTraining(
                request, data: PreparedDataset(dataset: request.dataset, hash: datasetHash))
        }
        if policy != .refresh, let record = try await store.trainingRun(for: key), record.status == .succeeded {
            logger.debug("training hit", metadata: metadata)
            if policy == .use { await store.recordHit(.training(record.id)) }
            return StoredTrainingRun(backendID: backendID, model: try TrainingFlight.model(from: record))
        }
        if policy == .readOnly {
            logger.debug("training miss, read-only: running without storing", metadata: metadata)
            return try await backend.startTraining(
                request, data: PreparedDataset(dataset: request.dataset, hash: datasetHash))
        }
        logger.debug("training miss: claiming the key", metadata: metadata)
        let work = TrainingFlight.Work(
            backend: backend, store: store, request: request, datasetHash: datasetHash, config: config, key: key,
            refresh: policy == .refresh, leaseDuration: leaseDuration, pollInterval: pollInterval,
            worker: .current, logger: logger)
        let (flight, isNew) = await flights.join(key) { TrainingFlight() }
        if isNew {
            flight.begin(work) { [flights] in await flights.remove([key], flight: flight) }
        } else {
            logger.debug("joining the same training in flight in this process", metadata: metadata)
        }
        // Cancelling the caller while the job has no id yet (another worker holds the key, or this one is
        // starting it) stops the flight: nothing starts after a signal.
        let jobID = await withTaskCancellationHandler {
            await flight.jobID()
        } onCancel: {
            flight.stopWaiting()
        }
        guard let jobID else {
            return StoredTrainingRun(backendID: backendID, model: try await flight.value())
        }
        return CachedTrainingRun(backend: backend, jobID: jobID, request: request, flight: flight)
    }
}
