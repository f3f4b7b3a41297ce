import Foundation
import MOCache

/// Turns store records into a ``Report``: a pure function, so every rule of what the page shows (what
/// varies, what is plotted against what, what is sampled when the store is large) is tested without a
/// store or a browser.
///
/// ```swift
/// let report = ReportBuilder.build(
///     runs: try await store.trainingRuns(matching: TrainingRunFilter()),
///     evals: try await store.evalResults(matching: EvalResultFilter()),
///     statistics: try await store.statistics(), source: store.path, generatedAt: Date(),
///     options: ReportOptions(metric: "accuracy"))
/// let html = ReportPage.html(report)
/// ```
package enum ReportBuilder {
    /// Builds the report of `runs` and `evals` (newest first, as stores list them), after applying
    /// `options`' filters.
    ///
    /// - Parameters:
    ///   - runs: Training runs, any status.
    ///   - evals: Evaluation results, any status.
    ///   - statistics: The store's statistics: its size and total entries, shown beside the report's.
    ///   - source: Where the records came from, shown in the page's header.
    ///   - generatedAt: The time written in the header.
    ///   - options: Filters, the chosen metric and the limits.
    package static func build(
        runs: [TrainingRunRecord], evals: [EvalResultRecord], statistics: CacheStatistics, source: String,
        generatedAt: Date, options: ReportOptions
    ) -> Report {
        let (runs, evals) = filter(runs: runs, evals: evals, options: options)
        let summary = summary(runs: runs, evals: evals, statistics: statistics, limits: options.limits)
        var sections: [ReportSection] = []
        let byBackend = Dictionary(grouping: runs) { $0.key.backendID }
        var trainedModels: Set<String> = []
        for backend in byBackend.keys.sorted() {
            let backendRuns = byBackend[backend] ?? []
            let models = Set(backendRuns.compactMap(\.modelID))
            trainedModels.formUnion(models)
            sections.append(
                trainingSection(
                    backend: backend, runs: backendRuns, evals: evals.filter { models.contains($0.key.modelID) },
                    options: options, anchor: "section-\(sections.count + 1)"))
        }
        let others = evals.filter { !trainedModels.contains($0.key.modelID) }
        if !others.isEmpty {
            sections.append(
                otherModelsSection(evals: others, options: options, anchor: "section-\(sections.count + 1)"))
        }
        return Report(
            source: source, generatedAt: generatedAt, filters: describeFilters(options), summary: summary,
            sections: sections)
    }

    // MARK: - Filters

    /// The records that `options` keep. A backend keeps its training runs and the evaluations of their
    /// models, and its evaluations and the runs that made their models: it may be either kind.
    static func filter(runs: [TrainingRunRecord], evals: [EvalResultRecord], options: ReportOptions)
        -> ([TrainingRunRecord], [EvalResultRecord])
    {
        var runs = runs
        var evals = evals
        if let since = options.since {
            runs = runs.filter { $0.createdAt >= since }
            evals = evals.filter { $0.createdAt >= since }
        }
        if !options.tasks.isEmpty {
            let tasks = Set(options.tasks)
            evals = evals.filter { tasks.contains($0.key.task) }
        }
        if let backend = options.backendID {
            let trainedHere = Set(runs.filter { $0.key.backendID == backend }.compactMap(\.modelID))
            let evaluatedHere = Set(evals.filter { $0.key.backendID == backend }.map(\.key.modelID))
            runs = runs.filter { $0.key.backendID == backend || $0.modelID.map(evaluatedHere.contains) == true }
            evals = evals.filter { $0.key.backendID == backend || trainedHere.contains($0.key.modelID) }
        }
        return (runs, evals)
    }

    private static func describeFilters(_ options: ReportOptions) -> [String] {
        var filters: [String] = []
        if let backend = options.backendID { filters.append("backend \(backend)") }
        if !options.tasks.isEmpty {
            filters.append((options.tasks.count == 1 ? "task " : "tasks ") + options.tasks.joined(separator: ", "))
        }
        if let metric = options.metric { filters.append("metric \(metric)") }
        if let since = options.since { filters.append("since \(ReportFormat.timestamp(since))") }
        return filters
    }

    // MARK: - Evaluations

    /// The newest succeeded result per model and task, and how many older ones it hides.
    struct LatestResults {
        /// What the report uses of a result.
        struct Result {
            /// The row id.
            let id: Int64
            /// The metrics.
            let metrics: [String: Double]
            /// When it finished (or was created).
            let time: Date
        }

        /// By model id, then task.
        private(set) var byModel: [String: [String: Result]] = [:]
        /// Succeeded results hidden by a newer one of the same model and task (other params or backend).
        private(set) var shadowed = 0
        /// Every (task, metric) pair with at least one value, by task then metric.
        let taskMetrics: [(task: String, metric: String)]
        /// The metric with values for the most (model, task) pairs; ties go to the first by name.
        let commonestMetric: String?

        init(_ evals: [EvalResultRecord]) {
            for record in evals where record.status == .succeeded {
                guard let metrics = record.metrics, !metrics.isEmpty else { continue }
                let result = Result(id: record.id, metrics: metrics, time: record.finishedAt ?? record.createdAt)
                let (model, task) = (record.key.modelID, record.key.task)
                if let current = byModel[model]?[task] {
                    shadowed += 1
                    guard (result.time, result.id) > (current.time, current.id) else { continue }
                }
                byModel[model, default: [:]][task] = result
            }
            var counts: [String: [String: Int]] = [:]
            for tasks in byModel.values {
                for (task, result) in tasks {
                    for (metric, value) in result.metrics where value.isFinite {
                        counts[metric, default: [:]][task, default: 0] += 1
                    }
                }
            }
            taskMetrics = counts.flatMap { metric, tasks in tasks.keys.map { (task: $0, metric: metric) } }
                .sorted { ($0.task, $0.metric) < ($1.task, $1.metric) }
            commonestMetric =
                counts.mapValues { $0.values.reduce(0, +) }
                .max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        }

        /// The value of `metric` for `model` on `task`, when finite.
        func value(model: String?, task: String, metric: String) -> Double? {
            guard let model, let value = byModel[model]?[task]?.metrics[metric], value.isFinite else { return nil }
            return value
        }
    }

    // MARK: - Sections

    private static func trainingSection(
        backend: String, runs: [TrainingRunRecord], evals: [EvalResultRecord], options: ReportOptions, anchor: String
    ) -> ReportSection {
        let space = HyperparameterSpace(configs: runs.map(\.config))
        let latest = LatestResults(evals)
        let metric = options.metric ?? latest.commonestMetric
        var notes: [String] = []
        let pairs = latest.taskMetrics.filter { options.metric == nil || $0.metric == options.metric }
        var charts: [LineChart] = []
        var chartNotes: [String] = []
        var left = 0
        // Each run's line in a chart against each path, and its value of each metric, made once.
        var settings: [String: [Int]] = [:]
        for pair in pairs {
            guard charts.count < options.limits.chartsPerSection else {
                left += space.paths.count
                continue
            }
            let ys = runs.map { run in
                run.status == .succeeded ? latest.value(model: run.modelID, task: pair.task, metric: pair.metric) : nil
            }
            for path in space.paths {
                guard charts.count < options.limits.chartsPerSection else {
                    left += 1
                    continue
                }
                let lines = settings[path] ?? space.settings(except: path)
                settings[path] = lines
                guard
                    let chart = metricChart(
                        runs: runs, space: space, path: path, settings: lines, task: pair.task, metric: pair.metric,
                        ys: ys, limits: options.limits, notes: &chartNotes)
                else { continue }
                charts.append(chart)
            }
        }
        let succeeded = runs.filter { $0.status == .succeeded }.count
        if evals.isEmpty {
            notes.append(
                succeeded == 0
                    ? "No run of this backend has succeeded, so there is no model to evaluate."
                    : "No evaluation of these models yet: `mocache eval` adds results, and their metrics appear here.")
        } else if latest.byModel.isEmpty {
            notes.append("No evaluation of these models has succeeded yet, so there are no metrics to show.")
        } else if space.paths.isEmpty {
            notes.append(
                runs.count == 1
                    ? "One run only: there is nothing to compare a metric across, so the metrics are in the grid "
                        + "and the table below."
                    : "No hyperparameter differs between these runs, so there is nothing to plot a metric against.")
        } else if charts.isEmpty && pairs.isEmpty, let wanted = options.metric {
            notes.append("No evaluation of these models has the metric \(wanted).")
        } else if charts.isEmpty && chartNotes.isEmpty {
            notes.append(
                "The evaluated runs do not differ in any hyperparameter, so there is nothing to plot a metric "
                    + "against.")
        }
        notes += chartNotes
        if left > 0 {
            notes.append(
                "Charts of \(ReportFormat.count(left, "more metric and hyperparameter pair")) are not drawn (at most "
                    + "\(options.limits.chartsPerSection) per backend): choose with --task or --metric.")
        }
        if latest.shadowed > 0 {
            notes.append(
                "\(ReportFormat.count(latest.shadowed, "older result")) of the same model and task (other params "
                    + "or eval backend) not shown: the newest is. Narrow with --backend.")
        }
        let heatmap = metric.flatMap {
            trainingHeatmap(runs: runs, space: space, latest: latest, metric: $0, limits: options.limits)
        }
        var parts = [
            ReportFormat.count(runs.count, "run") + (succeeded == runs.count ? "" : " (\(succeeded) succeeded)")
        ]
        parts.append(ReportFormat.count(evals.count, "evaluation") + " of their models")
        parts.append(
            space.paths.isEmpty
                ? "no hyperparameter varies"
                : "varies: " + space.paths.map(space.label).joined(separator: ", "))
        return ReportSection(
            title: backend, subtitle: parts.joined(separator: " · "), charts: charts, heatmap: heatmap,
            runs: runsTable(runs: runs, space: space, latest: latest, options: options),
            failedEvals: failedEvalsTable(evals, limits: options.limits), notes: notes, anchor: anchor)
    }

    private static func otherModelsSection(evals: [EvalResultRecord], options: ReportOptions, anchor: String)
        -> ReportSection
    {
        let latest = LatestResults(evals)
        let models = Set(evals.map(\.key.modelID))
        var notes: [String] = []
        var heatmap: Heatmap?
        if let metric = options.metric ?? latest.commonestMetric {
            heatmap = otherModelsHeatmap(latest: latest, metric: metric, limits: options.limits)
            if heatmap == nil { notes.append("No evaluation of these models has the metric \(metric).") }
        } else {
            notes.append("No evaluation of these models has succeeded yet, so there are no metrics to show.")
        }
        if latest.shadowed > 0 {
            notes.append(
                "\(ReportFormat.count(latest.shadowed, "older result")) of the same model and task (other params "
                    + "or eval backend) not shown: the newest is. Narrow with --backend.")
        }
        let subtitle =
            "\(ReportFormat.count(evals.count, "evaluation")) of \(ReportFormat.count(models.count, "model")) "
            + "that no training run in this report produced (base models, models trained elsewhere)"
        return ReportSection(
            title: "Other models", subtitle: subtitle, charts: [], heatmap: heatmap, runs: nil,
            failedEvals: failedEvalsTable(evals, limits: options.limits), notes: notes, anchor: anchor)
    }
}
