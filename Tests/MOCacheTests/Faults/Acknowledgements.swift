import Foundation
import MOCache

/// The writes that test workers got acknowledged, read from the lines they printed (see
/// `Tests/mocache-test-worker/LoadKeys.swift` for the format).
///
/// Only whole lines count: a line cut short by `kill -9` is ignored.
struct Acknowledgements: Sendable {
    /// Training runs of a worker's own keys, with their model ids.
    var training: [TrainingKey: String] = [:]
    /// Evaluations of a worker's own keys, with their `score` metric.
    var evals: [EvalKey: Double] = [:]
    /// Shared keys, with the model id of every worker that reported finishing one: single flight
    /// means one each.
    var shared: [TrainingKey: [String]] = [:]
    /// Hits counted on training runs, by key.
    var hits: [TrainingKey: Int] = [:]
    /// Keys acknowledged twice, which never happens to a worker's own keys.
    var duplicates: [String] = []

    /// The backend ids the workers write with (`LoadKeys.backendID` and the evaluation backend).
    static let trainingBackend = "load"
    static let evalBackend = "harness"
    /// The dataset hash of the shared keys (`LoadKeys.sharedDatasetHash`).
    static let sharedDatasetHash = String(repeating: "0", count: 56) + "5ea7ed00"

    init() {}

    /// Parses a worker's output; throws on an `ack` or `hit` line it cannot read.
    init(parsing output: String) throws {
        let complete =
            output.hasSuffix("\n") ? output : String(output[..<(output.lastIndex(of: "\n") ?? output.startIndex)])
        for line in complete.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            switch (words.first, words.count) {
            case ("ack", 5) where words[1] == "training":
                record(
                    training: TrainingKey(backendID: Self.trainingBackend, datasetHash: words[2], configHash: words[3]),
                    model: words[4])
            case ("ack", 6) where words[1] == "eval":
                guard let score = Double(words[5]) else { throw BadLine(line: String(line)) }
                let key = EvalKey(backendID: Self.evalBackend, modelID: words[2], task: words[3], paramsHash: words[4])
                if evals.updateValue(score, forKey: key) != nil { duplicates.append(String(line)) }
            case ("ack", 4) where words[1] == "shared":
                let key = TrainingKey(
                    backendID: Self.trainingBackend, datasetHash: Self.sharedDatasetHash, configHash: words[2])
                shared[key, default: []].append(words[3])
            case ("hit", 3):
                hits[
                    TrainingKey(backendID: Self.trainingBackend, datasetHash: words[1], configHash: words[2]),
                    default: 0] += 1
            case ("ack", _), ("hit", _):
                throw BadLine(line: String(line))
            default:
                continue
            }
        }
    }

    private mutating func record(training key: TrainingKey, model: String) {
        if training.updateValue(model, forKey: key) != nil { duplicates.append("training \(key)") }
    }

    /// How many writes were acknowledged.
    var count: Int { training.count + evals.count + shared.values.map(\.count).reduce(0, +) }

    /// Adds what another worker acknowledged.
    mutating func merge(_ other: Acknowledgements) {
        for (key, model) in other.training { record(training: key, model: model) }
        for (key, score) in other.evals where evals.updateValue(score, forKey: key) != nil {
            duplicates.append("eval \(key)")
        }
        shared.merge(other.shared) { $0 + $1 }
        hits.merge(other.hits) { $0 + $1 }
        duplicates += other.duplicates
    }

    /// An `ack` or `hit` line in an unknown format.
    struct BadLine: Error, CustomStringConvertible {
        let line: String
        var description: String { "cannot read the worker's line: \(line)" }
    }
}
