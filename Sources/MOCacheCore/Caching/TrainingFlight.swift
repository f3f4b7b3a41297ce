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
        var takingOverFrom: String?
        // A model this worker's job made that the store refused (another worker had taken the key over):
        // it is stored as soon as this worker holds the key again, so that it is not lost when the other
        // worker's job fails or its worker dies.
        var refused: TrainedModel?
        while true {
            try Task.checkCancellation()
            if refused == nil, let waitingSince, let failed = try await failureSince(waitingSince, work) {
                throw failed
            }
            let lease = LeaseRequest(
                worker: work.worker, duration: work.leaseDuration, refresh: refresh, takingOverFrom: takingOverFrom)
            switch try await work.store.claimTrainingRun(for: work.key, config: work.config, lease: lease) {
            case .completed(let record):
                work.logger.debug("training hit after waiting", metadata: ["key": "\(work.key)"])
                await work.store.recordHit(.training(record.id))
                return try Self.model(from: record)
            case .heldElsewhere(let record):
                // What the other worker stores was made after this call began: even a refresh takes it,
                // rather than running the job once more after it.
                refresh = false
                if let owner = record.lease?.owner, owner != takingOverFrom, Worker.isProvablyGone(owner: owner) {
                    // Its process no longer runs on this host: nobody will renew or finish the lease.
                    work.logger.warning(
                        "the worker holding the training key is gone (its process no longer runs); taking it over",
                        metadata: Self.describe(record, key: work.key))
                    takingOverFrom = owner
                    continue
                }
                if let jobID = record.jobID { publish(jobID: jobID, run: nil) }
                if waitingSince == nil {
                    waitingSince = Date()
                    // Said once, at warning level so that the command line shows it: a wait can be long.
                    work.logger.warning(
                        "training key held by another worker; waiting for its job",
                        metadata: Self.describe(record, key: work.key))
                }
                try await work.store.waitForChange(of: [.training(record.id)], timeout: delay)
                delay = min(delay * 3 / 2, work.pollInterval.upperBound)
            case .claimed(let record):
                refresh = false
                if let refused { return try await storeRefused(refused, work) }
                switch try await runJob(work, claimed: record) {
                case .ended(let model):
                    return model
                case .refused(let model):
                    // Another worker took the key over while this one was paused or cut off, and the store
                    // refused this worker's writes: what that worker stores is the result to hand out.
                    refused = model
                    waitingSince = waitingSince ?? Date()
                }
            }
        }
    }

    /// What a waiter says about the entry it waits for: the key and entry, who holds it, until when.
    static func describe(_ record: TrainingRunRecord, key: TrainingKey) -> Logger.Metadata {
        [
            "key": "\(key)", "entry": "t\(record.id)",
            "host": "\(record.host ?? "?")", "pid": "\(record.pid.map(String.init) ?? "?")",
            "owner": "\(record.lease?.owner ?? "?")",
            "lease_expires_at": "\(record.lease.map { ISO8601Timestamp.format($0.expiresAt) } ?? "?")",
        ]
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

    /// Runs the job of a claimed key and stores its outcome; `nil` when the store refused this worker's
    /// writes because another worker took the key over (its lease fence moved on, ``LeaseFences``).
    /// How a claimed key's job ended for this worker.
    private enum JobEnd {
        /// The job's model, or what the store serves instead.
        case ended(TrainedModel)
        /// The store refused this worker's writes (another worker took the key over), with the model its
        /// job made when it made one.
        case refused(TrainedModel?)
    }

    /// Stores the model of this worker's job that the store refused once, now that this worker holds the
    /// key again: the worker that took it over failed or died, and the model was paid for.
    private func storeRefused(_ model: TrainedModel, _ work: Work) async throws -> TrainedModel {
        if let jobID = model.jobID {
            try await work.store.recordTrainingJobStarted(for: work.key, jobID: jobID, worker: work.worker)
        }
        let stored = try await work.store.finishTrainingRun(
            for: work.key, owner: work.worker.owner,
            outcome: .succeeded(modelID: model.modelID, metadata: model.metadata))
        guard stored.status == .succeeded, let served = stored.modelID else {
            throw MOCacheError(
                .storeFailure,
                "The job of training run \(work.key) made model \(model.modelID), but the store did not keep it "
                    + "(its entry is \(stored.status.rawValue)). Note the model id; the next call trains again.")
        }
        work.logger.warning(
            "the worker that took the key over did not store a model; this worker's model is stored",
            metadata: ["key": "\(work.key)", "model": "\(served)"])
        return TrainedModel(
            modelID: served, metadata: stored.metadata, jobID: stored.jobID, servedFromCache: false, key: work.key,
            entryID: stored.id)
    }

    private func runJob(_ work: Work, claimed record: TrainingRunRecord) async throws -> JobEnd {
        let owner = work.worker.owner
        // The lease is renewed from the claim on, not from the job's start: preparing and starting a job
        // (hashing, uploading, a slow service) may take longer than a lease, and a lease that ran out
        // meanwhile would let another worker start a second job.
        let heartbeat = LeaseHeartbeat(
            keys: [.training(work.key)], store: work.store, owner: owner, duration: work.leaseDuration,
            logger: work.logger)
        defer { heartbeat.stop() }
        let run: any TrainingRun
        do {
            // A signal that came while the key was claimed starts nothing.
            try Task.checkCancellation()
            run = try await attachOrStart(work, claimed: record)
        } catch let error as MOCacheError where error.code == .leaseLost {
            work.logger.warning(
                "this worker lost its lease before its job started; waiting for the worker that took over",
                metadata: ["key": "\(work.key)"])
            return .refused(nil)
        } catch {
            let outcome: TrainingOutcome =
                Self.isCancellation(error)
                ? .cancelled("cancelled before the job started") : .failed("could not start the job: \(error)")
            try await Self.shielded {
                try await work.store.finishTrainingRun(for: work.key, owner: owner, outcome: outcome)
            }
            throw error
        }
        if Task.isCancelled {
            // The signal came while the job started: the job exists now, so it is cancelled like any
            // other, here and once (callers find no run handle to cancel again), and recorded below.
            await Self.cancel(run, work, reason: "the caller was cancelled while the job started")
            publish(jobID: run.jobID, run: nil)
        } else {
            publish(jobID: run.jobID, run: run)
        }
        let model: TrainedModel
        do {
            model = try await run.wait()
        } catch {
            let cancelled = Self.isCancellation(error)
            try await Self.shielded {
                try await work.store.finishTrainingRun(
                    for: work.key, owner: owner, outcome: cancelled ? .cancelled("\(error)") : .failed("\(error)"))
            }
            work.logger.debug("training run failed", metadata: ["key": "\(work.key)", "error": "\(error)"])
            throw error
        }
        // The job ended and was paid for: from here on nothing records it as failed, and a signal stops only
        // the retries of the finishing write (``storeSuccess(_:run:model:)`` keeps the result aside then).
        endJob()
        let stored: TrainingRunRecord
        switch try await storeSuccess(work, run: run, model: model) {
        case .stored(let record):
            stored = record
        case .keptAside:
            return .ended(
                TrainedModel(
                    modelID: model.modelID, metadata: model.metadata, jobID: run.jobID, servedFromCache: false,
                    key: work.key, entryID: nil))
        }
        if let kept = stored.modelID, kept != model.modelID {
            // Another worker took the key over while this one was paused or cut off, and stored its
            // own result first: the store keeps that one, and it is the one to hand out.
            work.logger.warning(
                "another worker's result was kept: this job's model is not the one the store serves",
                metadata: [
                    "key": "\(work.key)", "job_model": "\(model.modelID)", "stored_model": "\(kept)",
                    "stored_by": "\(stored.host ?? "?"):\(stored.pid.map(String.init) ?? "?")",
                ])
            return .ended(
                TrainedModel(
                    modelID: kept, metadata: stored.metadata, jobID: stored.jobID, servedFromCache: false,
                    key: work.key, entryID: stored.id))
        }
        if stored.status != .succeeded {
            // The store refused this success: another worker took the key over (the fence moved on)
            // and its job has not ended yet. Its result is the one the store will serve.
            work.logger.warning(
                "this worker lost its lease; its result was not stored, waiting for the worker that took over",
                metadata: ["key": "\(work.key)", "job_model": "\(model.modelID)"])
            return .refused(
                TrainedModel(modelID: model.modelID, metadata: model.metadata, jobID: run.jobID, servedFromCache: false)
            )
        }
        if heartbeat.lost(.training(work.key)) {
            work.logger.warning(
                "this worker had lost its lease; its result is the one stored", metadata: ["key": "\(work.key)"])
        }
        work.logger.debug("training run stored", metadata: ["key": "\(work.key)", "model": "\(model.modelID)"])
        return .ended(
            TrainedModel(
                modelID: model.modelID, metadata: model.metadata, jobID: run.jobID, servedFromCache: false,
                key: work.key, entryID: stored.id))
    }

    /// Where a finished job's result went.
    private enum StoredSuccess {
        /// Into the store: the entry as stored.
        case stored(TrainingRunRecord)
        /// Into a file beside the store, which its next open for writing applies.
        case keptAside(path: String)
    }

    /// Stores a finished job's success, retrying for as long as another process holds the store locked.
    ///
    /// Says so on the logger at each retry. When the write cannot be done at all (the flight was
    /// cancelled by a signal while it waited, the disk is full, the store fails otherwise), the result
    /// goes to a file beside the store (``PendingResultKeeping``) so that it is not lost, and the caller
    /// still gets its model id.
    private func storeSuccess(_ work: Work, run: any TrainingRun, model: TrainedModel) async throws -> StoredSuccess {
        var retries = 0
        var lastError: (any Error)?
        while lastError == nil {
            do {
                let stored = try await work.store.finishTrainingRunKeepingSuccess(
                    for: work.key, config: work.config, worker: work.worker, jobID: run.jobID,
                    leaseDuration: work.leaseDuration, modelID: model.modelID, metadata: model.metadata)
                if retries > 0 {
                    work.logger.warning(
                        "the finished job's result is stored",
                        metadata: ["key": "\(work.key)", "model": "\(model.modelID)", "retries": "\(retries)"])
                }
                return .stored(stored)
            } catch let error as MOCacheError where error.code == .busy && !Task.isCancelled {
                retries += 1
                work.logger.warning(
                    "the store is locked by another process; retrying until the finished job's result is stored",
                    metadata: [
                        "key": "\(work.key)", "model": "\(model.modelID)", "retry": "\(retries)",
                        "error": "\(error.message)",
                    ])
                do {
                    try await Task.sleep(for: .seconds(1))
                } catch {
                    lastError = error
                }
            } catch {
                lastError = error
            }
        }
        let failure: any Error = lastError ?? CancellationError()
        guard let keeper = work.store as? any PendingResultKeeping else { throw failure }
        let record = TrainingRunRecord(
            id: 0, key: work.key, config: work.config, status: .succeeded, jobID: run.jobID, modelID: model.modelID,
            metadata: model.metadata, createdAt: Date(), finishedAt: Date(), host: work.worker.host,
            pid: work.worker.pid)
        let path: String
        do {
            path = try keeper.keepForLater(record)
        } catch {
            throw MOCacheError(
                .storeFailure,
                "The job finished with model \(model.modelID), but its result could not be stored (\(failure)) nor "
                    + "kept aside (\(error)). Note the model id; the next call for this key trains again.")
        }
        work.logger.warning(
            "the finished job's result could not be stored now; it was kept aside for the next open of the store",
            metadata: ["key": "\(work.key)", "model": "\(model.modelID)", "file": "\(path)", "error": "\(failure)"])
        return .keptAside(path: path)
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
        // Once asked, the backend may make the job before it answers (a request sent, its answer not yet
        // read): a cancellation must not cut the start short and leave that job running unseen. So the
        // start and the write of its id are seen through, and the caller cancels the job after.
        let run = try await Self.shielded { try await work.backend.startTraining(work.request, data: data) }
        do {
            try await Self.shielded {
                try await work.store.recordTrainingJobStarted(for: work.key, jobID: run.jobID, worker: work.worker)
            }
        } catch {
            await Self.cancel(run, work, reason: "its job id could not be stored: \(error)")
            throw error
        }
        work.logger.debug("training job started", metadata: ["key": "\(work.key)", "job": "\(run.jobID)"])
        return run
    }

    /// Cancels a job this worker started, in a task of its own; a failure is logged, as the job may run on.
    private static func cancel(_ run: any TrainingRun, _ work: Work, reason: String) async {
        do {
            try await shielded { try await run.cancel() }
            work.logger.info(
                "cancelled the job", metadata: ["key": "\(work.key)", "job": "\(run.jobID)", "reason": "\(reason)"])
        } catch {
            work.logger.warning(
                "could not cancel the job; it may still run on the backend",
                metadata: ["key": "\(work.key)", "job": "\(run.jobID)", "reason": "\(reason)", "error": "\(error)"])
        }
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

    /// Forgets the run handle once its job ended: a cancellation then stops what the flight still does
    /// (storing the result), as ``stopWaiting()`` does.
    private func endJob() {
        state.withLock { $0.run = nil }
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
