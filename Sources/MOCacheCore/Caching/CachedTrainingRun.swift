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

    /// Cancels the job this process runs; for a job another process runs, stops waiting for it.
    ///
    /// A worker that waits for another process's job leaves that job alone (its owner goes on and stores
    /// it) and ends its wait at once with a `CancellationError`; it starts nothing, even when the other
    /// worker's lease runs out. The wait is shared by every caller in this process asking for the same
    /// key, so they all stop.
    func cancel() async throws {
        if let run = flight.run {
            try await run.cancel()
        } else {
            flight.stopWaiting()
        }
    }
}
