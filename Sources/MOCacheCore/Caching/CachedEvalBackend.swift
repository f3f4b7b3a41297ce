import Foundation
import Logging

/// Wraps any evaluation backend so that each (model, task, params) is scored once, task by task.
///
/// A suite of five tasks of which three are stored sends only the two missing tasks to the backend,
/// in one call, and merges their scores with the stored ones. Each task's key is its backend id,
/// model id, task name and the SHA-256 of the canonical params. Identical work in flight is shared
/// within a process and, through leases in the store, across processes. Failed tasks are recorded but
/// never served: the next suite runs them again.
///
/// ```swift
/// let evals = CachedEvalBackend(ProcessEvalBackend(command: ["python3", "run_eval.py"]), store: store)
/// let results = try await evals.evaluate(EvalRequest(modelID: "ft:abc", tasks: ["mmlu", "gsm8k"]))
/// print(results.tasks["mmlu"]?.metrics["accuracy"] ?? .nan)
/// ```
public final class CachedEvalBackend: EvalBackend {
    /// The backend that does the work on a miss.
    public let backend: any EvalBackend
    /// Where results are stored.
    public let store: any CacheBackend
    /// The policy of calls that do not give one.
    public let policy: CachePolicy
    /// How long a worker's claim on a task lasts without renewal.
    public let leaseDuration: TimeInterval
    /// How often a waiting worker looks at the store.
    public let pollInterval: ClosedRange<Duration>

    private let logger: Logger
    private let flights = FlightTable<EvalKey, EvalFlight>()

    /// Wraps `backend`; the parameters mean what they mean for ``CachedTrainingBackend``.
    public init(
        _ backend: any EvalBackend, store: any CacheBackend, policy: CachePolicy = .use,
        leaseDuration: TimeInterval = 60,
        pollInterval: ClosedRange<Duration> = .milliseconds(20)...(.seconds(1)),
        logger: Logger = Logger.current
    ) {
        self.backend = backend
        self.store = store
        self.policy = policy
        self.leaseDuration = leaseDuration
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public var backendID: String { backend.backendID }

    /// Scores a model on every task of the request, from the store where it can: the main entry point.
    ///
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/jobFailed`` naming each failed task; the
    ///   tasks that succeeded are stored all the same. Use ``start(_:policy:)`` to get partial results.
    public func evaluate(_ request: EvalRequest, policy: CachePolicy? = nil) async throws -> EvalResults {
        try await start(request, policy: policy).wait().requireAllSucceeded()
    }

    /// Part of ``EvalBackend``: starts with the wrapper's policy.
    public func startEval(_ request: EvalRequest) async throws -> any EvalJob {
        try await start(request, policy: policy)
    }

    /// Serves what is stored and starts the rest; returns at once with the suite's handle.
    public func start(_ request: EvalRequest, policy: CachePolicy? = nil) async throws -> any EvalJob {
        let policy = policy ?? self.policy
        if policy == .off {
            logger.debug("cache off: calling the backend", metadata: ["model": "\(request.modelID)"])
            return try await backend.startEval(request)
        }
        let paramsHash = try request.params.configHash()
        var seen = Set<String>()
        let keys = request.tasks.filter { seen.insert($0).inserted }.map {
            EvalKey(backendID: backendID, modelID: request.modelID, task: $0, paramsHash: paramsHash)
        }
        var hits: [String: EvalTaskResult] = [:]
        if policy != .refresh {
            for (key, record) in try await store.evalResults(for: keys) where record.status == .succeeded {
                hits[key.task] = EvalFlight.result(from: record)
                if policy == .use { await store.recordHit(.eval(record.id)) }
            }
        }
        let missing = keys.filter { hits[$0.task] == nil }
        logger.debug(
            "eval suite",
            metadata: ["model": "\(request.modelID)", "hits": "\(hits.count)", "missing": "\(missing.count)"])
        if missing.isEmpty {
            return CachedEvalJob(modelID: request.modelID, hits: hits, waits: [])
        }
        if policy == .readOnly {
            let job = try await backend.startEval(
                EvalRequest(modelID: request.modelID, tasks: missing.map(\.task), params: request.params))
            return CachedEvalJob(modelID: request.modelID, hits: hits, waits: [], uncached: job)
        }
        let flight = EvalFlight()
        let joined = await flights.join(missing, orEnter: flight)
        let mine = missing.filter { joined[$0] === flight }
        if !mine.isEmpty {
            let work = EvalFlight.Work(
                backend: backend, store: store, modelID: request.modelID, params: request.params, keys: mine,
                refresh: policy == .refresh, leaseDuration: leaseDuration, pollInterval: pollInterval, worker: .current,
                logger: logger)
            flight.begin(work) { [flights] in await flights.remove(mine, flight: flight) }
        }
        var waits: [CachedEvalJob.Wait] = []
        for key in missing {
            guard let keyFlight = joined[key] else { continue }
            if let index = waits.firstIndex(where: { $0.flight === keyFlight }) {
                waits[index].keys.append(key)
            } else {
                waits.append(CachedEvalJob.Wait(flight: keyFlight, keys: [key], owned: keyFlight === flight))
            }
        }
        return CachedEvalJob(modelID: request.modelID, hits: hits, waits: waits)
    }
}
