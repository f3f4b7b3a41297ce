import Foundation
import MOCache

extension ReportBuilder {
    /// `metric` by model and task for a training backend's runs: the newest models, ordered by what
    /// differs between them, labelled with it.
    static func trainingHeatmap(
        runs: [TrainingRunRecord], space: HyperparameterSpace, latest: LatestResults, metric: String,
        limits: ReportLimits
    ) -> Heatmap? {
        var chosen: [(index: Int, model: String)] = []
        var seen: Set<String> = []
        for (index, run) in runs.enumerated() where run.status == .succeeded {
            guard let model = run.modelID, !seen.contains(model),
                latest.byModel[model]?.values.contains(where: { $0.metrics[metric]?.isFinite == true }) == true
            else { continue }
            seen.insert(model)
            chosen.append((index, model))
        }
        guard !chosen.isEmpty else { return nil }
        var notes: [String] = []
        if chosen.count > limits.heatmapRows {
            notes.append("The \(limits.heatmapRows) newest of \(ReportFormat.count(chosen.count, "model")) are shown.")
        }
        let shown = chosen.prefix(limits.heatmapRows).sorted { lhs, rhs in
            space.precedes(lhs.index, rhs.index) ?? (lhs.model < rhs.model)
        }
        let rows = shown.map { (index: $0.index, model: $0.model, detail: space.describe($0.index)) }
        return heatmap(rows: rows, latest: latest, metric: metric, limits: limits, notes: notes)
    }

    /// `metric` by model and task for models that no stored run produced: the newest, by id.
    static func otherModelsHeatmap(latest: LatestResults, metric: String, limits: ReportLimits) -> Heatmap? {
        let models = latest.byModel.compactMap { model, tasks -> (String, Date)? in
            let results = tasks.values.filter { $0.metrics[metric]?.isFinite == true }
            guard let newest = results.map(\.time).max() else { return nil }
            return (model, newest)
        }
        guard !models.isEmpty else { return nil }
        var notes: [String] = []
        if models.count > limits.heatmapRows {
            notes.append("The \(limits.heatmapRows) newest of \(ReportFormat.count(models.count, "model")) are shown.")
        }
        let shown = models.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(limits.heatmapRows).map(\.0).sorted()
        return heatmap(
            rows: shown.map { (index: 0, model: $0, detail: "") }, latest: latest, metric: metric, limits: limits,
            notes: notes)
    }

    private static func heatmap(
        rows: [(index: Int, model: String, detail: String)], latest: LatestResults, metric: String,
        limits: ReportLimits, notes: [String]
    ) -> Heatmap {
        var notes = notes
        var tasks: Set<String> = []
        for row in rows {
            for (task, result) in latest.byModel[row.model] ?? [:] where result.metrics[metric]?.isFinite == true {
                tasks.insert(task)
            }
        }
        var columns = tasks.sorted()
        if columns.count > limits.heatmapColumns {
            notes.append(
                "The first \(limits.heatmapColumns) of \(ReportFormat.count(columns.count, "task")) (by name) are "
                    + "shown: choose with --task.")
            columns = Array(columns.prefix(limits.heatmapColumns))
        }
        return Heatmap(
            title: "\(metric) by model and task", metric: metric, columns: columns,
            rows: rows.map { row in
                let values = columns.map { latest.value(model: row.model, task: $0, metric: metric) }
                let titles = zip(columns, values).map { task, value in
                    guard let value, let result = latest.byModel[row.model]?[task] else {
                        return "\(row.model) on \(task): no \(metric)"
                    }
                    return "\(row.model) on \(task): \(metric) = \(ReportFormat.metric(value)) "
                        + "(\(EntryID.eval(result.id).reference))"
                }
                return Heatmap.Row(label: row.model, detail: row.detail, values: values, titles: titles)
            }, notes: notes)
    }
}
