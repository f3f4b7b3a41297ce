import Foundation
import MOCache

extension ReportBuilder {
    /// The runs of a training backend, newest first: id, model, status, the hyperparameters that
    /// differ, the chosen metrics per task, duration, hits, creation time, and the error of each run
    /// that did not succeed.
    static func runsTable(
        runs: [TrainingRunRecord], space: HyperparameterSpace, latest: LatestResults, options: ReportOptions
    ) -> ReportTable {
        let limits = options.limits
        var notes: [String] = []
        var pairs = latest.taskMetrics.filter { options.metric == nil || $0.metric == options.metric }
        if pairs.count > limits.metricColumns {
            notes.append(
                "\(limits.metricColumns) of \(ReportFormat.count(pairs.count, "metric column")) are shown: "
                    + "choose with --metric or --task.")
            pairs = Array(pairs.prefix(limits.metricColumns))
        }
        let numericPaths = Set(
            space.paths.filter { path in space.column(path).allSatisfy { $0.map { $0.doubleValue != nil } ?? true } })
        let failures = runs.contains { $0.error != nil || $0.status == .failed || $0.status == .cancelled }
        var columns: [ReportTable.Column] = [.init("run"), .init("model"), .init("status")]
        columns += space.paths.map { ReportTable.Column(space.label($0), numeric: numericPaths.contains($0)) }
        columns += pairs.map { ReportTable.Column($0.metric, detail: $0.task, numeric: true) }
        columns += [
            .init("duration", numeric: true), .init("hits", numeric: true),
            .init("created", detail: "UTC", numeric: true),
        ]
        if failures { columns.append(.init("error")) }
        if runs.count > limits.tableRows {
            notes.append("The \(limits.tableRows) newest of \(ReportFormat.count(runs.count, "run")) are listed.")
        }
        let rows = runs.prefix(limits.tableRows).enumerated().map { index, run in
            var cells: [ReportTable.Cell] = [
                .code(EntryID.training(run.id).reference), .code(run.modelID ?? "–"), .status(run.status.rawValue),
            ]
            for path in space.paths {
                let value = space.value(index, path)
                if numericPaths.contains(path) {
                    cells.append(.number(value?.doubleValue, text: value.map(ReportFormat.value) ?? "–"))
                } else {
                    cells.append(.text(value.map(ReportFormat.value) ?? "–"))
                }
            }
            for pair in pairs {
                let value = latest.value(model: run.modelID, task: pair.task, metric: pair.metric)
                cells.append(.number(value, text: value.map(ReportFormat.metric) ?? "–"))
            }
            cells.append(.number(run.computeSeconds, text: run.computeSeconds.map(HumanFormat.duration) ?? "–"))
            cells.append(.number(Double(run.hitCount), text: ReportFormat.integer(run.hitCount)))
            cells.append(
                .time(run.createdAt.timeIntervalSince1970, text: ReportFormat.timestamp(run.createdAt, zone: false)))
            if failures { cells.append(run.error.map { .error($0) } ?? .empty) }
            return cells
        }
        return ReportTable(columns: columns, rows: Array(rows), notes: notes, kind: "runs")
    }

    /// The evaluations that failed or were cancelled, newest first, with their errors; `nil` when none.
    static func failedEvalsTable(_ evals: [EvalResultRecord], limits: ReportLimits) -> ReportTable? {
        let failed = evals.filter { $0.status == .failed || $0.status == .cancelled }
        guard !failed.isEmpty else { return nil }
        var notes: [String] = []
        if failed.count > limits.failedEvalRows {
            notes.append(
                "The \(limits.failedEvalRows) newest of \(ReportFormat.count(failed.count, "failed evaluation")) "
                    + "are listed.")
        }
        let columns: [ReportTable.Column] = [
            .init("eval"), .init("model"), .init("task"), .init("backend"), .init("status"), .init("error"),
            .init("created", detail: "UTC", numeric: true),
        ]
        let rows = failed.prefix(limits.failedEvalRows).map { result -> [ReportTable.Cell] in
            [
                .code(EntryID.eval(result.id).reference), .code(result.key.modelID), .text(result.key.task),
                .text(result.key.backendID), .status(result.status.rawValue),
                result.error.map { .error($0) } ?? .empty,
                .time(
                    result.createdAt.timeIntervalSince1970, text: ReportFormat.timestamp(result.createdAt, zone: false)),
            ]
        }
        return ReportTable(columns: columns, rows: Array(rows), notes: notes, kind: "failed-evals")
    }
}
