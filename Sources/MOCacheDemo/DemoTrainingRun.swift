import Foundation
import MOCacheCore

/// A demo training job: a task in this process.
struct DemoTrainingRun: TrainingRun {
    let backendID: String
    let jobID: String
    let job: Task<TrainedModel, any Error>

    var snapshot: TrainingRunSnapshot { TrainingRunSnapshot(backendID: backendID, jobID: jobID, request: nil) }
    func status() async throws -> JobStatus { .running }
    func wait() async throws -> TrainedModel { try await job.value }
    func cancel() async throws { job.cancel() }
}
