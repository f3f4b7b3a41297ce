/// A training run that has already ended: a model served from the store, or a flight that ended
/// before its job had an id.
struct StoredTrainingRun: TrainingRun {
    let backendID: String
    let model: TrainedModel

    var jobID: String { model.jobID ?? "" }
    var snapshot: TrainingRunSnapshot { TrainingRunSnapshot(backendID: backendID, jobID: jobID, request: nil) }
    func status() async throws -> JobStatus { .succeeded }
    func wait() async throws -> TrainedModel { model }
    func cancel() async throws {}
}
