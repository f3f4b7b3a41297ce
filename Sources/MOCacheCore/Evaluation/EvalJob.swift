/// A handle on one running evaluation suite.
public protocol EvalJob: Sendable {
    /// The backend's id for the job, when it has one.
    var jobID: String? { get }

    /// Where the job stands now.
    func status() async throws -> JobStatus

    /// Waits for every task and returns their results; tasks that failed are in
    /// ``EvalResults/failures``.
    ///
    /// - Throws: When the job as a whole failed or was cancelled.
    func wait() async throws -> EvalResults

    /// Stops the job.
    func cancel() async throws
}
