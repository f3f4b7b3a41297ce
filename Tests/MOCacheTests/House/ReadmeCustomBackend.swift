import MOCache

/// A backend of your own: here the job is an async function (a service's SDK, or your training code).
struct LoRABackend: TrainingBackend {
    let backendID = "lora:v1"

    func startTraining(_ request: TrainingRequest, data: PreparedDataset) async throws -> any TrainingRun {
        TaskTrainingRun(backendID: backendID, request: request) {
            let rank = request.hyperparameters["rank"]?.doubleValue ?? 8
            // Train here on data.dataset (a file, bytes or records); data.hash is its SHA-256.
            try await Task.sleep(for: .milliseconds(10))
            return TrainedModel(
                modelID: "\(request.baseModel)-lora-r\(Int(rank))-\(data.hash.prefix(8))",
                metadata: ["rank": .number(rank)])
        }
    }
}
