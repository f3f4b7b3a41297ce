import Foundation
import MOCache

/// One metric of the stored eval results as a table of models by tasks: `mocache evals --metric`.
///
/// ```swift
/// let results = try await store.evalResults(matching: EvalResultFilter(status: .succeeded))
/// let table = MetricTable(results, metric: "accuracy")
/// for model in table.models { print(model, table.tasks.map { table.value(model: model, task: $0) }) }
/// ```
public struct MetricTable: Hashable, Sendable {
    /// The metric.
    public let metric: String
    /// The models that have the metric on at least one task, sorted.
    public let models: [String]
    /// The tasks that have the metric for at least one model, sorted.
    public let tasks: [String]
    /// Values by model, then task.
    public let values: [String: [String: Double]]
    /// Results left out because a newer result of the same model and task (with other params, or
    /// from another eval backend) is shown instead.
    public let shadowedResults: Int

    /// Pivots results: a pure function.
    ///
    /// Only succeeded results that have the metric count. When a model has several results for a task
    /// (other params, another eval backend), the one that finished last is shown, and the others are
    /// counted in ``shadowedResults``; filter the results first to choose.
    public init(_ results: [EvalResultRecord], metric: String) {
        var newest: [String: [String: EvalResultRecord]] = [:]
        var shadowed = 0
        for result in results where result.status == .succeeded {
            guard result.metrics?[metric] != nil else { continue }
            let (model, task) = (result.key.modelID, result.key.task)
            if let current = newest[model]?[task] {
                shadowed += 1
                guard Self.isNewer(result, than: current) else { continue }
            }
            newest[model, default: [:]][task] = result
        }
        self.metric = metric
        self.models = newest.keys.sorted()
        self.tasks = Set(newest.values.flatMap(\.keys)).sorted()
        self.values = newest.mapValues { $0.compactMapValues { $0.metrics?[metric] } }
        self.shadowedResults = shadowed
    }

    /// The value of the metric for a model on a task, or `nil` when there is none.
    public func value(model: String, task: String) -> Double? {
        values[model]?[task]
    }

    private static func isNewer(_ result: EvalResultRecord, than other: EvalResultRecord) -> Bool {
        let lhs = result.finishedAt ?? result.createdAt
        let rhs = other.finishedAt ?? other.createdAt
        return (lhs, result.id) > (rhs, other.id)
    }
}
