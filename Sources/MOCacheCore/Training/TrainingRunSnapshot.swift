/// A training run saved as plain data, to resume it in a later process.
///
/// Save ``TrainingRun/snapshot`` (it is `Codable`), and later hand it to
/// ``TrainingBackend/resume(_:)`` on the same backend to get the run back.
public struct TrainingRunSnapshot: Hashable, Codable, Sendable {
    /// The backend that runs the job.
    public let backendID: String
    /// The job's id at that backend.
    public let jobID: String
    /// The request that started it.
    public let request: TrainingRequest?

    /// Makes a snapshot.
    public init(backendID: String, jobID: String, request: TrainingRequest?) {
        self.backendID = backendID
        self.jobID = jobID
        self.request = request
    }
}
