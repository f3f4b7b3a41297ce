/// A handle on one running evaluation suite.
public protocol EvalJob: Sendable {
    /// The backend's id for the job, when it has one.
    var jobID: String? { get }

    /// Where the job stands now.
    func status() async throws -> JobStatus

    /// Waits for every task and returns their results.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/jobFailed`` when a task failed.
    func wait() async throws -> EvalResults

    /// Stops the job.
    func cancel() async throws
}
