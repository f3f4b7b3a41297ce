import Foundation
import MOCacheCore

/// A logistic-regression classifier trained by mini-batch gradient descent: small, but real training.
struct LogisticRegression: Codable, Sendable {
    var weights: [Double]
    var bias: Double

    /// The probability of label 1.
    func probability(_ x: [Double]) -> Double {
        var z = bias
        for index in weights.indices { z += weights[index] * x[index] }
        return 1 / (1 + exp(-z))
    }

    /// Trains on `examples`; returns the model and its final training loss.
    static func train(
        on examples: [DemoData.Example], learningRate: Double, epochs: Int, l2: Double, batchSize: Int
    ) -> (model: LogisticRegression, loss: Double) {
        let features = examples.first?.x.count ?? 0
        var model = LogisticRegression(weights: Array(repeating: 0, count: features), bias: 0)
        var gradient = Array(repeating: 0.0, count: features)
        for _ in 0..<epochs {
            for start in stride(from: 0, to: examples.count, by: batchSize) {
                let batch = examples[start..<min(start + batchSize, examples.count)]
                for index in gradient.indices { gradient[index] = 0 }
                var biasGradient = 0.0
                for example in batch {
                    let error = model.probability(example.x) - Double(example.y)
                    for index in gradient.indices { gradient[index] += error * example.x[index] }
                    biasGradient += error
                }
                let scale = learningRate / Double(batch.count)
                for index in model.weights.indices {
                    model.weights[index] -= scale * gradient[index] + learningRate * l2 * model.weights[index]
                }
                model.bias -= scale * biasGradient
            }
        }
        return (model, model.logLoss(on: examples))
    }

    /// Mean negative log-likelihood.
    func logLoss(on examples: [DemoData.Example]) -> Double {
        let total = examples.reduce(0.0) { sum, example in
            let p = min(max(probability(example.x), 1e-12), 1 - 1e-12)
            return sum - (example.y == 1 ? log(p) : log(1 - p))
        }
        return total / Double(max(examples.count, 1))
    }

    /// The share of examples classified right.
    func accuracy(on examples: [DemoData.Example]) -> Double {
        let right = examples.filter { (probability($0.x) > 0.5 ? 1 : 0) == $0.y }.count
        return Double(right) / Double(max(examples.count, 1))
    }
}
