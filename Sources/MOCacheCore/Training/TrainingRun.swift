/// A handle on one training job, returned as soon as the job starts.
///
/// Ask it for the job's ``status()``, ``wait()`` for the model, or ``cancel()`` it. Its ``snapshot``
/// is plain data that can be saved and resumed in another process.
public protocol TrainingRun: Sendable {
    /// The backend's id for the job.
    var jobID: String { get }

    /// The run as plain data, to resume it later with ``TrainingBackend/resume(_:)``.
    var snapshot: TrainingRunSnapshot { get }

    /// Asks the backend where the job stands now.
    func status() async throws -> JobStatus

    /// Waits for the job to end and returns the model.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/jobFailed`` when the job failed, or
    ///   ``MOCacheError/Code/cancelled`` when it was cancelled.
    func wait() async throws -> TrainedModel

    /// Stops the job.
    func cancel() async throws
}
