import Foundation
import Logging

/// A set of evaluation keys that this process resolves together: claim each, run the claimed ones in
/// one backend call, wait for those another worker holds, store every outcome.
///
/// Owns the task doing the work and the backend jobs it started, so a cancellation can reach them.
/// Every caller in this process that needs one of its keys waits on it instead of running the task again.
final class EvalFlight: Sendable {
    /// What the flight needs to do its work.
    struct Work: Sendable {
        let backend: any EvalBackend
        let store: any CacheBackend
        let modelID: String
        let params: JSONValue
        let keys: [EvalKey]
        let refresh: Bool
        let leaseDuration: TimeInterval
        let pollInterval: ClosedRange<Duration>
        let worker: Worker
        let logger: Logger
    }

    private let task = Locked<Task<[EvalKey: EvalTaskOutcome], any Error>?>(nil)
    private let jobs = Locked<[any EvalJob]>([])

    /// Starts the work; `onEnd` runs when it ends.
    func begin(_ work: Work, onEnd: @escaping @Sendable () async -> Void) {
        let started = Task {
            let result = await Result(catching: { try await self.perform(work) })
            await onEnd()
            return try result.get()
        }
        task.withLock { $0 = started }
    }

    /// Every key's outcome, once the flight ends.
    func value() async throws -> [EvalKey: EvalTaskOutcome] {
        guard let task = task.value else {
            throw MOCacheError(.storeFailure, "An eval flight was awaited before it began.")
        }
        return try await task.value
    }

    /// Cancels the backend jobs this flight started and stops its waiting for tasks another worker
    /// runs (those go on there); the flight then ends with a `CancellationError`.
    func cancel() async throws {
        task.value?.cancel()
        for job in jobs.value { try await job.cancel() }
    }

    // MARK: - The work

    private func perform(_ work: Work) async throws -> [EvalKey: EvalTaskOutcome] {
        var outcomes: [EvalKey: EvalTaskOutcome] = [:]
        var pending = work.keys
        var refresh = work.refresh
        var delay = work.pollInterval.lowerBound
        var waitingSince: Date?
        while !pending.isEmpty {
            var claimed: [EvalKey] = []
            var held: [EvalKey] = []
            var heldEntries: [EntryID] = []
            let lease = LeaseRequest(worker: work.worker, duration: work.leaseDuration, refresh: refresh)
            for key in pending {
                switch try await work.store.claimEvalResult(for: key, params: work.params, lease: lease) {
                case .completed(let record):
                    await work.store.recordHit(.eval(record.id))
                    outcomes[key] = .scored(Self.result(from: record))
                case .claimed:
                    claimed.append(key)
                case .heldElsewhere(let record):
                    held.append(key)
                    heldEntries.append(.eval(record.id))
                }
            }
            refresh = false
            if !claimed.isEmpty {
                outcomes.merge(try await runBatch(claimed, work)) { $1 }
            }
            // Cancelled: the tasks run here are recorded cancelled; stop, and wait for no other worker.
            try Task.checkCancellation()
            pending = held
            guard !pending.isEmpty else { break }
            if let since = waitingSince {
                for (key, record) in try await work.store.evalResults(for: pending)
                where record.status == .failed || record.status == .cancelled {
                    if let finished = record.finishedAt, finished >= since {
                        outcomes[key] = .failed("failed in another worker: \(record.error ?? "no error recorded")")
                        pending.removeAll { $0 == key }
                    }
                }
            } else {
                waitingSince = Date()
                work.logger.debug(
                    "eval tasks held by another worker; waiting", metadata: ["tasks": "\(pending.map(\.task))"])
            }
            try await work.store.waitForChange(of: heldEntries, timeout: delay)
            delay = min(delay * 3 / 2, work.pollInterval.upperBound)
        }
        return outcomes
    }

    /// Runs the claimed tasks in one backend call and stores each task's outcome.
    private func runBatch(_ keys: [EvalKey], _ work: Work) async throws -> [EvalKey: EvalTaskOutcome] {
        let owner = work.worker.owner
        let request = EvalRequest(modelID: work.modelID, tasks: keys.map(\.task), params: work.params)
        work.logger.debug(
            "eval miss: running tasks", metadata: ["model": "\(work.modelID)", "tasks": "\(request.tasks)"])
        let results: EvalResults
        // Renewed from the claim on, as a training run's lease is (``TrainingFlight``).
        let heartbeat = LeaseHeartbeat(
            keys: keys.map { .eval($0) }, store: work.store, owner: owner, duration: work.leaseDuration,
            logger: work.logger)
        defer { heartbeat.stop() }
        do {
            // A signal that came while the tasks were claimed starts nothing.
            try Task.checkCancellation()
            // As a training job's start (``TrainingFlight``): seen through once asked, and its job
            // cancelled when the caller was cancelled meanwhile or its id could not be recorded, so that
            // it never runs on unobserved.
            let job = try await TrainingFlight.shielded { try await work.backend.startEval(request) }
            jobs.withLock { $0.append(job) }
            do {
                try await TrainingFlight.shielded {
                    for key in keys {
                        try await work.store.recordEvalJobStarted(for: key, jobID: job.jobID, worker: work.worker)
                    }
                }
                try Task.checkCancellation()
            } catch {
                do {
                    try await TrainingFlight.shielded { try await job.cancel() }
                } catch let failure {
                    work.logger.warning(
                        "could not cancel the eval job; it may still run",
                        metadata: ["job": "\(job.jobID ?? "?")", "error": "\(failure)"])
                }
                throw error
            }
            results = try await job.wait()
        } catch {
            let cancelled = TrainingFlight.isCancellation(error) || Task.isCancelled
            for key in keys {
                try await TrainingFlight.shielded {
                    try await work.store.finishEvalResult(
                        for: key, owner: owner, outcome: cancelled ? .cancelled("\(error)") : .failed("\(error)"))
                }
            }
            return Dictionary(uniqueKeysWithValues: keys.map { ($0, EvalTaskOutcome.failed("\(error)")) })
        }
        var outcomes: [EvalKey: EvalTaskOutcome] = [:]
        for key in keys {
            if let result = results.tasks[key.task] {
                let stored = try await work.store.finishEvalResult(
                    for: key, owner: owner,
                    outcome: .succeeded(
                        metrics: result.metrics, sampleCount: result.sampleCount, logPath: result.logPath))
                if stored.status != .succeeded {
                    // The store refused these scores: another worker took the task over (the fence moved
                    // on) and has not finished it. Asking again serves what that worker stores.
                    work.logger.warning(
                        "this worker lost its lease; its scores were not stored",
                        metadata: ["task": "\(key.task)", "model": "\(key.modelID)"])
                    outcomes[key] = .failed(
                        "this worker lost its lease on the task and another worker took it over; its scores were "
                            + "not stored. Run again to be served the other worker's scores.")
                    continue
                }
                if let kept = stored.metrics, kept != result.metrics {
                    // Another worker stored its own scores first: the store keeps those, and serves them.
                    work.logger.warning(
                        "another worker's result was kept: these scores are not the ones the store serves",
                        metadata: ["task": "\(key.task)", "model": "\(key.modelID)"])
                    outcomes[key] = .scored(
                        EvalTaskResult(
                            metrics: kept, sampleCount: stored.sampleCount, logPath: stored.logPath,
                            servedFromCache: false, key: key, entryID: stored.id))
                    continue
                }
                outcomes[key] = .scored(
                    EvalTaskResult(
                        metrics: result.metrics, sampleCount: result.sampleCount, logPath: result.logPath,
                        servedFromCache: false, key: key, entryID: stored.id))
            } else {
                let error = results.failures[key.task] ?? "the backend returned no result for task \(key.task)"
                try await work.store.finishEvalResult(for: key, owner: owner, outcome: .failed(error))
                outcomes[key] = .failed(error)
            }
        }
        return outcomes
    }

    /// The result a succeeded record stands for, served from the cache.
    static func result(from record: EvalResultRecord) -> EvalTaskResult {
        EvalTaskResult(
            metrics: record.metrics ?? [:], sampleCount: record.sampleCount, logPath: record.logPath,
            servedFromCache: true, key: record.key, entryID: record.id)
    }
}
