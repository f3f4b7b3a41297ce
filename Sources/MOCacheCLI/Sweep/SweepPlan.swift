import Foundation
import MOCache

/// What a sweep will do: its cells, the distinct trainings they make (identical cells share one), what
/// of each the store already holds, and what the rest may cost. `mocache sweep --plan` prints it; a run
/// starts from it.
struct SweepPlan: Hashable, Sendable {
    /// Every cell, in grid order.
    let cells: [SweepCell]
    /// The distinct trainings, in the order of their first cell.
    let jobs: [SweepJob]
    /// For each cell, the index of its job.
    let jobOfCell: [Int]
    /// What the runs may cost.
    let estimate: SweepEstimate

    /// The cells' keys, grouped: for each distinct key, the cells that have it, in grid order. Pure.
    static func group(_ keys: [TrainingKey]) -> [(key: TrainingKey, cells: [Int])] {
        var order: [TrainingKey] = []
        var cells: [TrainingKey: [Int]] = [:]
        for (index, key) in keys.enumerated() {
            if cells[key] == nil { order.append(key) }
            cells[key, default: []].append(index)
        }
        return order.map { ($0, cells[$0] ?? []) }
    }

    /// The store key of a cell's training.
    static func key(of cell: SweepCell, backendID: String, dataset: String, datasetHash: String) throws
        -> TrainingKey
    {
        try TrainingConfiguration.key(
            for: cell.config.request(dataset: .file(path: dataset)), backendID: backendID, datasetHash: datasetHash,
            namespace: cell.config.namespace, replicate: cell.config.replicate)
    }

    /// Looks up what the store holds of every cell, reading only.
    ///
    /// - Parameters:
    ///   - sweep: The sweep, with its `--set` values applied.
    ///   - cells: Its cells.
    ///   - datasetHash: The hash of the training data.
    ///   - jobs: How many jobs will run at once.
    ///   - store: Where to look.
    /// - Throws: The store's errors.
    static func make(
        sweep: SweepFile, cells: [SweepCell], datasetHash: String, jobs: Int, store: any CacheBackend
    ) async throws -> SweepPlan {
        let keys = try cells.map {
            try key(
                of: $0, backendID: sweep.training.backend, dataset: sweep.training.dataset, datasetHash: datasetHash)
        }
        let tasks = sweep.evaluation?.tasks ?? []
        let paramsHash = try sweep.evaluation?.params.configHash()
        var planned: [SweepJob] = []
        var jobOfCell = [Int](repeating: 0, count: cells.count)
        // Two reads for the whole grid: every cell's training run, then every stored model's eval tasks.
        let groups = group(keys)
        let records = try await store.trainingRuns(for: groups.map(\.0))
        func storedModel(_ key: TrainingKey) -> String? {
            records[key]?.status == .succeeded ? records[key]?.modelID : nil
        }
        func evalKeys(of model: String) -> [EvalKey] {
            guard let evaluation = sweep.evaluation, let paramsHash else { return [] }
            return tasks.map {
                EvalKey(backendID: evaluation.backend, modelID: model, task: $0, paramsHash: paramsHash)
            }
        }
        let evals = try await store.evalResults(for: groups.compactMap { storedModel($0.0) }.flatMap(evalKeys))
        for (key, members) in groups {
            let model = storedModel(key)
            let stored =
                model.map { model in
                    evalKeys(of: model).filter { evals[$0]?.status == .succeeded }.map(\.task)
                } ?? []
            for cell in members { jobOfCell[cell] = planned.count }
            planned.append(
                SweepJob(
                    index: planned.count, cells: members, config: cells[members[0]].config, key: key,
                    storedModelID: model, storedSeconds: model == nil ? nil : records[key]?.computeSeconds,
                    tasksStored: stored, tasksToRun: tasks.filter { !stored.contains($0) }))
        }
        let trainings = try await store.trainingRuns(
            matching: TrainingRunFilter(backendID: sweep.training.backend, status: .succeeded, limit: 1_000))
        var evalMean: SweepEstimate.Mean?
        if let evaluation = sweep.evaluation {
            let results = try await store.evalResults(
                matching: EvalResultFilter(backendID: evaluation.backend, status: .succeeded, limit: 1_000))
            evalMean = SweepEstimate.Mean(results.compactMap(\.computeSeconds))
        }
        let estimate = SweepEstimate(
            training: SweepEstimate.Mean(trainings.compactMap(\.computeSeconds)), eval: evalMean,
            trainings: planned.filter(\.trains).count, evals: planned.reduce(0) { $0 + $1.tasksToRun.count },
            runs: planned.filter { !$0.isStored }.count, jobs: jobs)
        return SweepPlan(cells: cells, jobs: planned, jobOfCell: jobOfCell, estimate: estimate)
    }
}
