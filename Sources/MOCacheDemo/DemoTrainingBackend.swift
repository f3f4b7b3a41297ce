import Crypto
import Foundation
import MOCacheCore

/// The demo's trainer: fits a logistic regression to a JSONL dataset file, in this process.
///
/// Models are written as JSON files in `modelDirectory`, named by their model id, so the eval backend
/// can load them in a later run. Jobs end with the process, so they cannot be re-attached.
struct DemoTrainingBackend: TrainingBackend {
    let backendID = "demo:logreg"
    let modelDirectory: String

    func startTraining(_ request: TrainingRequest, data: PreparedDataset) async throws -> any TrainingRun {
        guard case .file(let path) = data.dataset else {
            throw MOCacheError(.invalidInput, "The demo trainer reads a dataset file.")
        }
        let settings = try Settings(request.hyperparameters)
        let config = try TrainingConfiguration.json(for: request).canonicalJSON()
        let digest = SHA256.hash(data: Data("\(data.hash)\n\(config)".utf8))
        let modelID = "logreg-" + digest.prefix(6).map { String(format: "%02x", $0) }.joined()
        let modelPath = "\(modelDirectory)/\(modelID).json"
        let job = Task {
            try await offCooperativePool {
                let examples = try DemoData.readExamples(at: path)
                let (model, loss) = LogisticRegression.train(
                    on: examples, learningRate: settings.learningRate, epochs: settings.epochs, l2: settings.l2,
                    batchSize: settings.batchSize)
                try FileManager.default.createDirectory(atPath: modelDirectory, withIntermediateDirectories: true)
                try JSONEncoder().encode(model).write(to: URL(fileURLWithPath: modelPath), options: .atomic)
                return TrainedModel(
                    modelID: modelID,
                    metadata: .object([
                        "train_loss": .number((loss * 1e6).rounded() / 1e6),
                        "examples": .number(Double(examples.count)),
                        "weights_path": .string(modelPath),
                    ]))
            }
        }
        return DemoTrainingRun(backendID: backendID, jobID: "local-\(modelID)", job: job)
    }

    /// The hyperparameters the demo trainer understands.
    struct Settings {
        let learningRate: Double
        let epochs: Int
        let l2: Double
        let batchSize: Int

        init(_ hyperparameters: JSONValue) throws {
            func number(_ name: String, _ fallback: Double) throws -> Double {
                guard let value = hyperparameters[name] else { return fallback }
                guard case .number(let number) = value else {
                    throw MOCacheError(.invalidInput, "Hyperparameter \(name) must be a number.")
                }
                return number
            }
            learningRate = try number("learning_rate", 0.1)
            epochs = Int(try number("epochs", 10))
            l2 = try number("l2", 0)
            batchSize = Int(try number("batch_size", 32))
        }
    }
}
