import Foundation
import MOCacheCore

/// The demo's evaluator: loads a trained model's weights and scores it on two tasks.
///
/// `heldout` draws fresh examples from the training distribution; `shifted` labels them by a drifted
/// rule, the kind of gap an eval suite exists to show. Metrics: `accuracy` and `log_loss`.
struct DemoEvalBackend: EvalBackend {
    let backendID = "demo:eval"
    let modelDirectory: String

    static let tasks = ["heldout", "shifted"]

    func startEval(_ request: EvalRequest) async throws -> any EvalJob {
        let path = "\(modelDirectory)/\(request.modelID).json"
        let job = Task {
            try await offCooperativePool {
                let model = try JSONDecoder().decode(
                    LogisticRegression.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
                var scored: [String: EvalTaskResult] = [:]
                var failures: [String: String] = [:]
                for task in request.tasks {
                    let examples: [DemoData.Example]
                    switch task {
                    case "heldout": examples = DemoData.examples(count: DemoData.evalSize, seed: 1001)
                    case "shifted": examples = DemoData.examples(count: DemoData.evalSize, seed: 2002, drift: 0.5)
                    default:
                        failures[task] = "unknown demo task \(task); the demo has \(Self.tasks.joined(separator: ", "))"
                        continue
                    }
                    scored[task] = EvalTaskResult(
                        metrics: [
                            "accuracy": model.accuracy(on: examples),
                            "log_loss": (model.logLoss(on: examples) * 1e6).rounded() / 1e6,
                        ],
                        sampleCount: examples.count)
                }
                return EvalResults(modelID: request.modelID, tasks: scored, failures: failures)
            }
        }
        return DemoEvalJob(job: job)
    }
}
