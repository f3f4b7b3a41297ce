import Foundation

/// The run handle of a job that is an async function in this process: what a backend of your own
/// returns when its job is a call it makes (a service's SDK, a library, code of your own).
///
/// The function starts at once, in a task of its own. ``wait()`` returns its model, ``cancel()`` cancels
/// the task (the function sees it as a task's cancellation), and ``status()`` says whether it ended and
/// how. Such a job ends with the process that started it, so the backend's `canAttach` stays `false`.
///
/// ```swift
/// func startTraining(_ request: TrainingRequest, data: PreparedDataset) async throws -> any TrainingRun {
///     TaskTrainingRun(backendID: backendID, request: request) {
///         TrainedModel(modelID: try await mySDK.fineTune(request.baseModel, data: data.dataset))
///     }
/// }
/// ```
public struct TaskTrainingRun: TrainingRun {
    public let backendID: String
    public let jobID: String
    /// The request the job trains, kept in the snapshot.
    public let request: TrainingRequest?

    private let task: Task<TrainedModel, any Error>
    private let ending: Locked<JobStatus?>

    /// Starts `job` in a task of its own.
    ///
    /// - Parameters:
    ///   - backendID: The id of the backend that runs the job.
    ///   - jobID: The job's id, as the store records it; a new unique one by default.
    ///   - request: The request the job trains, for the run's snapshot.
    ///   - job: The job. The model it returns is handed out with this run's job id unless it names one.
    public init(
        backendID: String, jobID: String = "task-\(UUID().uuidString.lowercased())", request: TrainingRequest? = nil,
        _ job: @escaping @Sendable () async throws -> TrainedModel
    ) {
        let ending = Locked<JobStatus?>(nil)
        self.backendID = backendID
        self.jobID = jobID
        self.request = request
        self.ending = ending
        task = Task {
            do {
                let model = try await job()
                ending.withLock { $0 = .succeeded }
                return TrainedModel(modelID: model.modelID, metadata: model.metadata, jobID: model.jobID ?? jobID)
            } catch {
                let cancelled = error is CancellationError || (error as? MOCacheError)?.code == .cancelled
                ending.withLock { $0 = cancelled ? .cancelled : .failed }
                throw error
            }
        }
    }

    public var snapshot: TrainingRunSnapshot {
        TrainingRunSnapshot(backendID: backendID, jobID: jobID, request: request)
    }

    /// `running` until the job ends, then how it ended.
    public func status() async throws -> JobStatus {
        ending.value ?? .running
    }

    public func wait() async throws -> TrainedModel {
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Cancels the job's task; a job that already ended keeps its result.
    public func cancel() async throws {
        task.cancel()
    }
}
