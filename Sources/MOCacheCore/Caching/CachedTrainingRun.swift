/// The handle a ``CachedTrainingBackend`` gives for a job in flight, run here or in another process.
struct CachedTrainingRun: TrainingRun {
    let backend: any TrainingBackend
    let jobID: String
    let request: TrainingRequest
    let flight: TrainingFlight

    var snapshot: TrainingRunSnapshot {
        TrainingRunSnapshot(backendID: backend.backendID, jobID: jobID, request: request)
    }

    func status() async throws -> JobStatus {
        if flight.hasEnded {
            do {
                _ = try await flight.value()
                return .succeeded
            } catch {
                return (error as? MOCacheError)?.code == .cancelled ? .cancelled : .failed
            }
        }
        return try await flight.run?.status() ?? .running
    }

    func wait() async throws -> TrainedModel {
        try await flight.value()
    }

    /// Cancels the job: the one this process runs, or, where the backend can re-attach, the one
    /// another process runs.
    func cancel() async throws {
        if let run = flight.run {
            try await run.cancel()
        } else if backend.canAttach {
            try await backend.attach(toJob: jobID).cancel()
        } else {
            throw MOCacheError(
                .unsupported,
                "Job \(jobID) runs in another process and backend \(backend.backendID) cannot re-attach to "
                    + "it; stop that process instead.")
        }
    }
}
