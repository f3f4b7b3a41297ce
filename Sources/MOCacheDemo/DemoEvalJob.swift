import Foundation
import MOCacheCore

/// A demo eval job: a task in this process.
struct DemoEvalJob: EvalJob {
    let job: Task<EvalResults, any Error>
    var jobID: String? { nil }
    func status() async throws -> JobStatus { .running }
    func wait() async throws -> EvalResults { try await job.value }
    func cancel() async throws { job.cancel() }
}
