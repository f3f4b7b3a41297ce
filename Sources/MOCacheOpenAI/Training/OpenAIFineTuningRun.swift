import Foundation
import Logging
import MOCacheCore

/// A fine-tuning job on the service, waited on by polling its status.
///
/// ``wait()`` polls the job, growing the interval by half each time up to the configured upper bound,
/// until it succeeds (the model is `fine_tuned_model`), fails (the service's error code and message
/// become the error) or is cancelled. A status this version does not know (`paused`) is logged and
/// waited through. Failures to reach the service while polling are waited through for up to
/// ``pollFailureTolerance``: the job goes on on the service meanwhile. ``cancel()`` cancels the job on
/// the service and ends every wait on this run at once.
///
/// Copies share one state (whether a cancel was asked, the polls in progress), which is what
/// ``cancel()`` uses to end them.
struct OpenAIFineTuningRun: TrainingRun {
    /// How long polling goes on while the service cannot be reached or keeps failing.
    static let pollFailureTolerance: Duration = .seconds(15 * 60)

    private struct State: Sendable {
        var cancelRequested = false
        var cancelFailure: String?
        var polls: [Task<TrainedModel, any Error>] = []
    }

    let jobID: String
    let backendID: String
    let request: TrainingRequest?
    let client: OpenAIClient
    let pollInterval: ClosedRange<Duration>
    let onEvent: OpenAIFineTuningBackend.EventHandler?
    let logger: Logger
    private let state = Locked(State())

    init(
        jobID: String, backendID: String, request: TrainingRequest?, client: OpenAIClient,
        pollInterval: ClosedRange<Duration>, onEvent: OpenAIFineTuningBackend.EventHandler?, logger: Logger
    ) {
        self.jobID = jobID
        self.backendID = backendID
        self.request = request
        self.client = client
        self.pollInterval = pollInterval
        self.onEvent = onEvent
        self.logger = logger
    }

    var snapshot: TrainingRunSnapshot {
        TrainingRunSnapshot(backendID: backendID, jobID: jobID, request: request)
    }

    /// The job's status now; a status this version does not know counts as running.
    func status() async throws -> JobStatus {
        try await client.job(id: jobID).jobStatus ?? .running
    }

    func wait() async throws -> TrainedModel {
        let poll = Task { try await self.poll() }
        let cancelled = state.withLock { state -> Bool in
            state.polls.append(poll)
            return state.cancelRequested
        }
        if cancelled { poll.cancel() }
        defer { state.withLock { $0.polls.removeAll { $0 == poll } } }
        return try await withTaskCancellationHandler {
            try await poll.value
        } onCancel: {
            poll.cancel()
        }
    }

    /// Cancels the job on the service and ends the waits on this run with a `cancelled` error.
    ///
    /// A job that already ended is left as it is, and the waits end with its result: a model the
    /// job produced is not thrown away. When the service cannot be told, the waits end all the same
    /// (the error says the job may still run) and the failure is thrown.
    func cancel() async throws {
        state.withLock { $0.cancelRequested = true }
        var failure: (any Error)?
        do {
            let job = try await client.cancelJob(id: jobID)
            logger.info("cancelled the fine-tuning job", metadata: ["job": "\(jobID)", "status": "\(job.status)"])
        } catch let error as OpenAIError where error.code == .rejected {
            // Refused: maybe it already ended. Then there is nothing to cancel, and the waits see how
            // it ended on their next poll.
            do {
                let job = try await client.job(id: jobID)
                if job.jobStatus?.isFinal == true {
                    logger.info(
                        "the fine-tuning job had already ended",
                        metadata: ["job": "\(jobID)", "status": "\(job.status)"])
                    return
                }
                failure = error
            } catch {
                failure = error
            }
        } catch {
            failure = error
        }
        let polls = state.withLock { state in
            if let failure { state.cancelFailure = "\(failure)" }
            return state.polls
        }
        for poll in polls { poll.cancel() }
        if let failure {
            logger.warning(
                "could not cancel the fine-tuning job on the service; it may still run",
                metadata: ["job": "\(jobID)", "error": "\(failure)"])
            throw failure
        }
    }

    // MARK: - Polling

    private func poll() async throws -> TrainedModel {
        do {
            return try await pollUntilEnded()
        } catch is CancellationError {
            let (requested, failure) = state.withLock { ($0.cancelRequested, $0.cancelFailure) }
            guard requested else { throw CancellationError() }
            if let failure {
                throw MOCacheError(
                    .cancelled,
                    "Stopped waiting for fine-tuning job \(jobID), but the service could not be told to cancel "
                        + "it (\(failure)): it may still run. Cancel it on the service.")
            }
            throw MOCacheError(.cancelled, "Fine-tuning job \(jobID) was cancelled on the service.")
        }
    }

    private func pollUntilEnded() async throws -> TrainedModel {
        var delay = pollInterval.lowerBound
        var lastStatus: String?
        var seenEvents = Set<String>()
        var failingSince: ContinuousClock.Instant?
        while true {
            try Task.checkCancellation()
            let job: OpenAIFineTuningJob
            do {
                job = try await client.job(id: jobID)
                failingSince = nil
            } catch let error as OpenAIError
                where [.unreachable, .serviceFailure, .rateLimited].contains(error.code)
            {
                let since = failingSince ?? .now
                failingSince = since
                guard ContinuousClock.now - since < Self.pollFailureTolerance else { throw error }
                logger.warning(
                    "cannot read the fine-tuning job's status; the job goes on on the service, polling again",
                    metadata: ["job": "\(jobID)", "error": "\(error)"])
                try await Task.sleep(for: pollInterval.upperBound)
                continue
            }
            if job.status != lastStatus {
                lastStatus = job.status
                if job.jobStatus == nil {
                    logger.warning(
                        "the fine-tuning job has a status this mocache does not know; waiting for it to end",
                        metadata: ["job": "\(jobID)", "status": "\(job.status)"])
                } else {
                    logger.info("fine-tuning job status", metadata: ["job": "\(jobID)", "status": "\(job.status)"])
                }
            }
            if let onEvent {
                for event in await newEvents(seen: &seenEvents) { onEvent(jobID, event) }
            }
            switch job.jobStatus {
            case .succeeded:
                guard let model = job.fineTunedModel, !model.isEmpty else {
                    throw OpenAIError(
                        .invalidResponse,
                        "Fine-tuning job \(jobID) succeeded but the service named no fine_tuned_model.")
                }
                return TrainedModel(modelID: model, metadata: job.metadata, jobID: jobID)
            case .failed:
                let reason = [job.error?.code, job.error?.message].compactMap { $0 }.joined(separator: ": ")
                throw MOCacheError(
                    .jobFailed,
                    "Fine-tuning job \(jobID) failed on the service"
                        + (job.trainingFile.map { " (training file \($0))" } ?? "") + ": "
                        + client.configuration.apiKey.redact(reason.isEmpty ? "no reason given" : reason))
            case .cancelled:
                throw MOCacheError(.cancelled, "Fine-tuning job \(jobID) was cancelled on the service.")
            case .queued, .running, nil:
                try await Task.sleep(for: delay)
                delay = min(delay * 3 / 2, pollInterval.upperBound)
            }
        }
    }

    /// The events not seen yet, oldest first. Events are progress only: a failure to read them is
    /// logged and the wait goes on.
    private func newEvents(seen: inout Set<String>) async -> [OpenAIFineTuningEvent] {
        var fresh: [OpenAIFineTuningEvent] = []
        var after: String?
        do {
            for _ in 0..<10 {
                let page = try await client.events(jobID: jobID, limit: 50, after: after)
                let unseen = page.data.prefix { !seen.contains($0.id) }
                fresh += unseen
                guard unseen.count == page.data.count, page.hasMore == true, let last = page.data.last else { break }
                after = last.id
            }
        } catch is CancellationError {
            return []
        } catch {
            logger.debug(
                "cannot read the fine-tuning job's events", metadata: ["job": "\(jobID)", "error": "\(error)"])
        }
        seen.formUnion(fresh.map(\.id))
        return fresh.reversed()
    }
}
