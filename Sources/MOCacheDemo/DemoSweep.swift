import Foundation
import Logging
import MOCacheCore

/// The main job behind `mocache demo`: a small but real sweep through the cached wrappers.
///
/// Three logistic-regression configurations are trained on a generated dataset file and each model is
/// scored on two eval tasks, two configurations at a time. The first run computes everything; a run
/// after it is served entirely from the store and says how much compute the cache saved.
package struct DemoSweep: Sendable {
    /// What one run of the sweep did.
    package struct Report: Sendable {
        /// One configuration's line.
        package struct Line: Sendable {
            package let learningRate: Double
            package let model: TrainedModel
            package let results: EvalResults
        }

        package let lines: [Line]
        package let trainingsComputed: Int
        package let evalsComputed: Int
        package let trainingsServed: Int
        package let evalsServed: Int
        /// Compute seconds that hits did not spend: the stored runs' own durations.
        package let savedSeconds: Double
        package let elapsedSeconds: Double
    }

    /// The learning rates of the sweep's configurations.
    static let learningRates = [0.5, 0.1, 0.02]

    let store: any CacheBackend
    let workDirectory: String
    let parallelism: Int
    let logger: Logger

    /// Makes the sweep.
    ///
    /// - Parameters:
    ///   - store: Where results are cached.
    ///   - workDirectory: Where the dataset and the model weights go (next to the database).
    ///   - parallelism: How many configurations run at once.
    package init(store: any CacheBackend, workDirectory: String, parallelism: Int = 2, logger: Logger) {
        self.store = store
        self.workDirectory = workDirectory
        self.parallelism = parallelism
        self.logger = logger
    }

    /// Runs the sweep.
    package func run() async throws -> Report {
        let clock = ContinuousClock()
        let start = clock.now
        let datasetPath = try DemoData.writeTrainingSet(at: "\(workDirectory)/train.jsonl")
        let modelDirectory = "\(workDirectory)/models"
        let trainer = CachedTrainingBackend(
            DemoTrainingBackend(modelDirectory: modelDirectory), store: store, namespace: "demo-v1", logger: logger)
        let evaluator = CachedEvalBackend(DemoEvalBackend(modelDirectory: modelDirectory), store: store, logger: logger)
        let requests = Self.learningRates.map { rate in
            TrainingRequest(
                dataset: .file(path: datasetPath), baseModel: "logreg",
                hyperparameters: .object([
                    "learning_rate": .number(rate), "epochs": .number(12), "l2": .number(1e-4),
                    "batch_size": .number(16),
                ]))
        }
        let lines = try await withThrowingTaskGroup(of: (Int, Report.Line).self) { group in
            var lines: [Int: Report.Line] = [:]
            for (index, request) in requests.enumerated() {
                if index >= parallelism, let (done, line) = try await group.next() { lines[done] = line }
                group.addTask {
                    let model = try await trainer.train(request)
                    let results = try await evaluator.evaluate(
                        EvalRequest(modelID: model.modelID, tasks: DemoEvalBackend.tasks))
                    return (index, Report.Line(learningRate: Self.learningRates[index], model: model, results: results))
                }
            }
            for try await (done, line) in group { lines[done] = line }
            return lines.sorted { $0.key < $1.key }.map(\.value)
        }
        try await store.flushHits()
        return Report(
            lines: lines,
            trainingsComputed: lines.filter { !$0.model.servedFromCache }.count,
            evalsComputed: lines.reduce(0) { $0 + $1.results.tasks.values.filter { !$0.servedFromCache }.count },
            trainingsServed: lines.filter(\.model.servedFromCache).count,
            evalsServed: lines.reduce(0) { $0 + $1.results.tasks.values.filter(\.servedFromCache).count },
            savedSeconds: try await savedSeconds(lines),
            elapsedSeconds: (clock.now - start).timeInterval)
    }

    /// The compute time of every stored entry that was served in this run, found by the keys the results
    /// carry.
    private func savedSeconds(_ lines: [Report.Line]) async throws -> Double {
        var saved = 0.0
        for line in lines {
            if line.model.servedFromCache, let key = line.model.key, let run = try await store.trainingRun(for: key) {
                saved += run.computeSeconds ?? 0
            }
            let keys = line.results.tasks.values.filter(\.servedFromCache).compactMap(\.key)
            for record in try await store.evalResults(for: keys).values { saved += record.computeSeconds ?? 0 }
        }
        return saved
    }
}
