import Foundation
import Logging

/// One training key's work in this process: claim, wait for another worker or run the job, store.
///
/// Owns the task doing the work and the backend's run handle while it exists. Every caller asking for
/// the same key while it is in flight shares it, so N concurrent identical calls start one job.
final class TrainingFlight: Sendable {
    /// What the flight needs to do its work.
    struct Work: Sendable {
        let backend: any TrainingBackend
        let store: any CacheBackend
        let request: TrainingRequest
        let datasetHash: String
        let config: JSONValue
        let key: TrainingKey
        let refresh: Bool
        let leaseDuration: TimeInterval
        let pollInterval: ClosedRange<Duration>
        let worker: Worker
        let logger: Logger
    }

    private struct State {
        var jobID: String?
        var run: (any TrainingRun)?
        var ended = false
        var jobIDWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Locked(State())
    private let task = Locked<Task<TrainedModel, any Error>?>(nil)

    /// Starts the work; `onEnd` runs when it ends, however it ends.
    func begin(_ work: Work, onEnd: @escaping @Sendable () async -> Void) {
        let started = Task {
            defer { self.end() }
            let result = await Result(catching: { try await self.perform(work) })
            await onEnd()
            return try result.get()
        }
        task.withLock { $0 = started }
    }

    /// The trained model, once the flight ends.
    func value() async throws -> TrainedModel {
        guard let task = task.value else {
            throw MOCacheError(.storeFailure, "A training flight was awaited before it began.")
        }
        return try await task.value
    }

    /// Waits until the job id is known, or the flight ended without one.
    func jobID() async -> String? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.jobID != nil || state.ended { return true }
                state.jobIDWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
        return state.value.jobID
    }

    /// The backend's run handle, while this process runs the job.
    var run: (any TrainingRun)? { state.value.run }

    /// Whether the flight has ended.
    var hasEnded: Bool { state.value.ended }

    /// Stops the flight while it runs no job in this process: it waits for another worker's job (which
    /// goes on), or has not started its own yet (it starts none). The flight then ends with a
    /// `CancellationError`, for every caller in this process that shares it. A job this process runs is
    /// cancelled through its run handle instead; then this does nothing.
    func stopWaiting() {
        guard state.value.run == nil else { return }
        task.value?.cancel()
    }

    // MARK: - The work

    private func perform(_ work: Work) async throws -> TrainedModel {
        var refresh = work.refresh
        var delay = work.pollInterval.lowerBound
        var waitingSince: Date?
        while true {
            try Task.checkCancellation()
            if let waitingSince, let failed = try await failureSince(waitingSince, work) {
                throw failed
            }
            let lease = LeaseRequest(worker: work.worker, duration: work.leaseDuration, refresh: refresh)
            switch try await work.store.claimTrainingRun(for: work.key, config: work.config, lease: lease) {
            case .completed(let record):
                work.logger.debug("training hit after waiting", metadata: ["key": "\(work.key)"])
                await work.store.recordHit(.training(record.id))
                return try Self.model(from: record)
            case .heldElsewhere(let record):
                // What the other worker stores was made after this call began: even a refresh takes it,
                // rather than running the job once more after it.
                refresh = false
                if let jobID = record.jobID { publish(jobID: jobID, run: nil) }
                if waitingSince == nil {
                    waitingSince = Date()
                    work.logger.debug(
                        "training key held by another worker; waiting",
                        metadata: ["key": "\(work.key)", "owner": "\(record.lease?.owner ?? "?")"])
                }
                try await work.store.waitForChange(of: [.training(record.id)], timeout: delay)
                delay = min(delay * 3 / 2, work.pollInterval.upperBound)
            case .claimed(let record):
                refresh = false
                return try await runJob(work, claimed: record)
            }
        }
    }

    /// When this worker waited on another whose job then failed, that failure, so that waiters do not
    /// pay for the same failing job one after another.
    private func failureSince(_ date: Date, _ work: Work) async throws -> MOCacheError? {
        guard let record = try await work.store.trainingRun(for: work.key),
            record.status == .failed || record.status == .cancelled,
            let finished = record.finishedAt, finished >= date
        else { return nil }
        return MOCacheError(
            record.status == .failed ? .jobFailed : .cancelled,
            "The training run \(work.key) that this worker waited for \(record.status.rawValue) in "
                + "\(record.host ?? "another process") (pid \(record.pid.map(String.init) ?? "?")): "
                + "\(record.error ?? "no error recorded"). Run again to retry it.")
    }

    private func runJob(_ work: Work, claimed record: TrainingRunRecord) async throws -> TrainedModel {
        let owner = work.worker.owner
        let run: any TrainingRun
        do {
            // A signal that came while the key was claimed starts nothing.
            try Task.checkCancellation()
            run = try await attachOrStart(work, claimed: record)
        } catch {
            let outcome: TrainingOutcome =
                Self.isCancellation(error)
                ? .cancelled("cancelled before the job started") : .failed("could not start the job: \(error)")
            try await Self.shielded {
                try await work.store.finishTrainingRun(for: work.key, owner: owner, outcome: outcome)
            }
            throw error
        }
        publish(jobID: run.jobID, run: run)
        let heartbeat = LeaseHeartbeat(
            keys: [.training(work.key)], store: work.store, owner: owner, duration: work.leaseDuration,
            logger: work.logger)
        defer { heartbeat.stop() }
        do {
            let model = try await run.wait()
            let stored = try await work.store.finishTrainingRun(
                for: work.key, owner: owner, outcome: .succeeded(modelID: model.modelID, metadata: model.metadata))
            if let kept = stored.modelID, kept != model.modelID {
                // Another worker took the key over while this one was paused or cut off, and stored its
                // own result first: the store keeps that one, and it is the one to hand out.
                work.logger.warning(
                    "another worker's result was kept: this job's model is not the one the store serves",
                    metadata: [
                        "key": "\(work.key)", "job_model": "\(model.modelID)", "stored_model": "\(kept)",
                        "stored_by": "\(stored.host ?? "?"):\(stored.pid.map(String.init) ?? "?")",
                    ])
                return TrainedModel(
                    modelID: kept, metadata: stored.metadata, jobID: stored.jobID, servedFromCache: false,
                    key: work.key, entryID: stored.id)
            }
            if heartbeat.lost(.training(work.key)) {
                work.logger.warning(
                    "this worker had lost its lease; its result is the one stored", metadata: ["key": "\(work.key)"])
            }
            work.logger.debug("training run stored", metadata: ["key": "\(work.key)", "model": "\(model.modelID)"])
            return TrainedModel(
                modelID: model.modelID, metadata: model.metadata, jobID: run.jobID, servedFromCache: false,
                key: work.key, entryID: stored.id)
        } catch {
            let cancelled = Self.isCancellation(error)
            try await Self.shielded {
                try await work.store.finishTrainingRun(
                    for: work.key, owner: owner, outcome: cancelled ? .cancelled("\(error)") : .failed("\(error)"))
            }
            work.logger.debug("training run failed", metadata: ["key": "\(work.key)", "error": "\(error)"])
            throw error
        }
    }

    /// Re-attaches to the job a dead worker left, where the backend can; otherwise starts a new one and
    /// records its id before anything else, so a crash from here on never pays for it twice.
    private func attachOrStart(_ work: Work, claimed record: TrainingRunRecord) async throws -> any TrainingRun {
        if let jobID = record.jobID, work.backend.canAttach {
            do {
                let run = try await work.backend.attach(toJob: jobID)
                work.logger.info(
                    "re-attached to the job of a worker whose lease ran out",
                    metadata: ["key": "\(work.key)", "job": "\(jobID)"]
                )
                return run
            } catch {
                work.logger.warning(
                    "cannot re-attach to the job; starting a new one",
                    metadata: ["key": "\(work.key)", "job": "\(jobID)", "error": "\(error)"])
            }
        } else if let jobID = record.jobID {
            work.logger.info(
                "the job of a worker whose lease ran out cannot be re-attached; running it again",
                metadata: ["key": "\(work.key)", "job": "\(jobID)", "backend": "\(work.backend.backendID)"])
        }
        let data = try await prepare(work)
        try Task.checkCancellation()
        let run = try await work.backend.startTraining(work.request, data: data)
        try await work.store.recordTrainingJobStarted(for: work.key, jobID: run.jobID, worker: work.worker)
        work.logger.debug("training job started", metadata: ["key": "\(work.key)", "job": "\(run.jobID)"])
        return run
    }

    /// The dataset ready for the backend, uploaded once per backend and dataset hash.
    private func prepare(_ work: Work) async throws -> PreparedDataset {
        guard work.backend.uploadsDatasets else {
            return PreparedDataset(
                dataset: work.request.dataset, hash: work.datasetHash, key: work.refresh ? nil : work.key)
        }
        let backendID = work.backend.backendID
        if let upload = try await work.store.datasetUpload(backendID: backendID, datasetHash: work.datasetHash) {
            if try await work.backend.uploadedDatasetExists(fileID: upload.fileID) {
                work.logger.debug("reusing uploaded dataset", metadata: ["file": "\(upload.fileID)"])
                return PreparedDataset(
                    dataset: work.request.dataset, hash: work.datasetHash, uploadedFileID: upload.fileID,
                    key: work.refresh ? nil : work.key)
            }
            work.logger.info(
                "the backend no longer has the uploaded dataset; uploading it again",
                metadata: ["file": "\(upload.fileID)"])
        }
        let fileID = try await work.backend.uploadDataset(work.request.dataset, hash: work.datasetHash)
        try await work.store.recordDatasetUpload(
            DatasetUpload(backendID: backendID, datasetHash: work.datasetHash, fileID: fileID, uploadedAt: Date()))
        return PreparedDataset(
            dataset: work.request.dataset, hash: work.datasetHash, uploadedFileID: fileID,
            key: work.refresh ? nil : work.key)
    }

    // MARK: - State

    private func publish(jobID: String, run: (any TrainingRun)?) {
        let waiters = state.withLock { state in
            state.jobID = jobID
            if let run { state.run = run }
            defer { state.jobIDWaiters = [] }
            return state.jobIDWaiters
        }
        waiters.forEach { $0.resume() }
    }

    private func end() {
        let waiters = state.withLock { state in
            state.ended = true
            state.run = nil
            defer { state.jobIDWaiters = [] }
            return state.jobIDWaiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Whether `error` says the work was cancelled rather than failed.
    static func isCancellation(_ error: any Error) -> Bool {
        (error as? MOCacheError)?.code == .cancelled || error is CancellationError
    }

    /// Runs `body` in a task of its own that the caller's cancellation does not reach: for the writes
    /// that record how a cancelled job ended, which a store may refuse to start in a cancelled task.
    @discardableResult
    static func shielded<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task { try await body() }.value
    }

    /// The model a succeeded record stands for, served from the cache.
    static func model(from record: TrainingRunRecord) throws -> TrainedModel {
        guard let modelID = record.modelID else {
            throw MOCacheError(
                .storeFailure,
                "Training run \(record.id) succeeded but has no model id: the store is damaged. Check it with "
                    + "`verify()`, and remove the run so that it trains again.")
        }
        return TrainedModel(
            modelID: modelID, metadata: record.metadata, jobID: record.jobID, servedFromCache: true, key: record.key,
            entryID: record.id)
    }
}

extension Result where Failure == any Error {
    /// The result of an async throwing operation.
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
