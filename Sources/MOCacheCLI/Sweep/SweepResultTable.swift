import MOCache

/// A sweep's result: one row per cell, with a column per grid key and per task metric, as text, JSON
/// or CSV. Pure: made from the plan and the jobs' outcomes.
struct SweepResultTable: Sendable {
    /// The plan that ran.
    let plan: SweepPlan
    /// Each job's outcome, by job index.
    let outcomes: [SweepJobOutcome]
    /// The tasks, in the sweep's order.
    let tasks: [String]

    /// The grid's keys, in order.
    var gridKeys: [String] { plan.cells.first?.assignments.map(\.path.description) ?? [] }

    /// The (task, metric) columns: the tasks in order, each task's metrics sorted.
    var metricColumns: [(task: String, metric: String)] {
        tasks.flatMap { task in
            Set(outcomes.flatMap { $0.evals?.tasks[task]?.metrics.keys.map { $0 } ?? [] }).sorted().map {
                (task, $0)
            }
        }
    }

    /// How a cell's training ended: `computed`, `cache`, or `failed`.
    static func training(_ outcome: SweepJobOutcome) -> String {
        guard let model = outcome.model else { return "failed" }
        return model.servedFromCache ? "cache" : "computed"
    }

    /// How a cell's evals ended: `computed` (any task ran), `cache`, `failed`, or `-` (none).
    static func evals(_ outcome: SweepJobOutcome) -> String {
        guard outcome.model != nil, let results = outcome.evals else {
            return outcome.evalError == nil ? "-" : "failed"
        }
        if !results.failures.isEmpty { return "failed" }
        return results.tasks.values.contains { !$0.servedFromCache } ? "computed" : "cache"
    }

    /// The number of cells that failed.
    var failedCells: Int { plan.cells.filter { outcome(of: $0).failed }.count }

    private func outcome(of cell: SweepCell) -> SweepJobOutcome { outcomes[plan.jobOfCell[cell.index]] }

    private func metric(_ outcome: SweepJobOutcome, _ column: (task: String, metric: String)) -> Double? {
        outcome.evals?.tasks[column.task]?.metrics[column.metric]
    }

    // MARK: - Formats

    /// The aligned table for people.
    func text(style: Style) -> String {
        var columns = gridKeys.map { TextTable.Column($0, rightAligned: true) }
        columns += [TextTable.Column("MODEL"), TextTable.Column("TRAINING")]
        columns += metricColumns.map { TextTable.Column("\($0.task)/\($0.metric)", rightAligned: true) }
        if !tasks.isEmpty { columns.append(TextTable.Column("EVALS")) }
        var table = TextTable(columns)
        for cell in plan.cells {
            let outcome = outcome(of: cell)
            var row = cell.assignments.map {
                TextTable.Cell(TrainingBackendOptions.printable(SweepCell.text($0.value)))
            }
            row.append(TextTable.Cell(TrainingBackendOptions.printable(outcome.model?.modelID ?? "-")))
            row.append(Self.cell(Self.training(outcome), style: style))
            row += metricColumns.map { TextTable.Cell(metric(outcome, $0).map(HumanFormat.metric) ?? "-") }
            if !tasks.isEmpty { row.append(Self.cell(Self.evals(outcome), style: style)) }
            table.append(row)
        }
        return table.render(style: style)
    }

    private static func cell(_ text: String, style: Style) -> TextTable.Cell {
        switch text {
        case "cache": return TextTable.Cell(text, styled: style.green)
        case "failed": return TextTable.Cell(text, styled: style.red)
        default: return TextTable.Cell(text)
        }
    }

    /// The rows as CSV (RFC 4180): a header, then one line per cell; empty fields for missing values.
    func csv() -> String {
        var rows: [[String]] = [
            gridKeys + ["model_id", "training", "evals"] + metricColumns.map { "\($0.task)/\($0.metric)" } + ["error"]
        ]
        for cell in plan.cells {
            let outcome = outcome(of: cell)
            rows.append(
                cell.assignments.map { SweepCell.text($0.value) }
                    + [outcome.model?.modelID ?? "", Self.training(outcome), Self.evals(outcome)]
                    + metricColumns.map { metric(outcome, $0).map { JSONValue.number($0).compactText } ?? "" }
                    + [outcome.error ?? ""])
        }
        return CSV.document(rows)
    }

    /// The stable JSON shape (docs/sweeps.md).
    func json() -> JSONValue {
        var computed = (trainings: 0, evals: 0)
        var served = (trainings: 0, evals: 0)
        for outcome in outcomes {
            if let model = outcome.model {
                if model.servedFromCache { served.trainings += 1 } else { computed.trainings += 1 }
            }
            for result in outcome.evals?.tasks.values.map({ $0 }) ?? [] {
                if result.servedFromCache { served.evals += 1 } else { computed.evals += 1 }
            }
        }
        let cells: [JSONValue] = plan.cells.map { cell in
            let outcome = outcome(of: cell)
            var grid: [String: JSONValue] = [:]
            for assignment in cell.assignments { grid[assignment.path.description] = assignment.value }
            let evals = (outcome.evals?.tasks ?? [:]).mapValues { result -> JSONValue in
                [
                    "metrics": .object(result.metrics.mapValues(JSONValue.number)),
                    "sample_count": JSONShapes.integer(result.sampleCount),
                    "served_from_cache": .bool(result.servedFromCache),
                ]
            }
            var failures = (outcome.evals?.failures ?? [:]).mapValues(JSONValue.string)
            if let error = outcome.evalError { for task in tasks { failures[task] = .string(error) } }
            return [
                "index": .number(Double(cell.index)), "grid": .object(grid),
                "config": TrainingConfiguration.json(
                    for: cell.config.request(dataset: .file(path: "")), namespace: cell.config.namespace,
                    replicate: cell.config.replicate),
                "model_id": JSONShapes.string(outcome.model?.modelID), "training": .string(Self.training(outcome)),
                "training_error": JSONShapes.string(outcome.trainingError), "evals": .object(evals),
                "eval_failures": .object(failures), "failed": .bool(outcome.failed),
            ]
        }
        return [
            "cells": .array(cells), "failed_cells": .number(Double(failedCells)),
            "computed": ["trainings": .number(Double(computed.trainings)), "evals": .number(Double(computed.evals))],
            "served": ["trainings": .number(Double(served.trainings)), "evals": .number(Double(served.evals))],
        ]
    }
}
