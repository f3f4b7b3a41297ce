import MOCache

/// `mocache sweep --plan`: which cells are stored, which will run, and an estimate of their compute,
/// as text, JSON or CSV. Pure: made from the plan.
struct SweepPlanView: Sendable {
    /// The plan.
    let plan: SweepPlan
    /// The training backend's id, for the estimate's wording.
    let trainingBackend: String
    /// The eval backend's id, when the sweep has evals.
    let evalBackend: String?

    /// What a cell will do: `stored`, `train` (and evaluate), `evaluate N` (the training is stored).
    static func action(_ job: SweepJob) -> String {
        if job.isStored { return "stored" }
        if job.trains { return job.tasksToRun.isEmpty ? "train" : "train, evaluate \(job.tasksToRun.count)" }
        return "evaluate \(job.tasksToRun.count)"
    }

    private var gridKeys: [String] { plan.cells.first?.assignments.map(\.path.description) ?? [] }

    /// The table and the estimate, for people.
    func text(style: Style) -> String {
        var table = TextTable(
            gridKeys.map { TextTable.Column($0, rightAligned: true) } + [TextTable.Column("PLAN")])
        for cell in plan.cells {
            let job = plan.jobs[plan.jobOfCell[cell.index]]
            let action = Self.action(job)
            let duplicate = job.cells.first != cell.index ? " (same as cell \(job.cells[0] + 1))" : ""
            var row = cell.assignments.map {
                TextTable.Cell(TrainingBackendOptions.printable(SweepCell.text($0.value)))
            }
            let colour: (String) -> String = job.isStored ? { style.green($0) } : { $0 }
            row.append(TextTable.Cell(action + duplicate, styled: colour))
            table.append(row)
        }
        return table.render(style: style) + "\n" + summary().joined(separator: "\n") + "\n"
    }

    /// The summary lines under the table.
    func summary() -> [String] {
        let estimate = plan.estimate
        let stored = plan.cells.filter { plan.jobs[plan.jobOfCell[$0.index]].isStored }.count
        var lines = [
            "cells:     \(plan.cells.count) (\(stored) stored, \(plan.cells.count - stored) to run"
                + (plan.jobs.count < plan.cells.count
                    ? "; \(plan.cells.count - plan.jobs.count) identical to another cell" : "") + ")",
            "will run:  " + TextShapes.count(estimate.trainings, "training") + ", "
                + TextShapes.count(estimate.evals, "eval task"),
        ]
        var basis: [String] = []
        if estimate.trainings > 0 {
            basis.append(
                estimate.training.map {
                    "\(trainingBackend): \(HumanFormat.duration($0.seconds)) per training, the mean of "
                        + TextShapes.count($0.runs, "stored run")
                } ?? "no stored runs of \(trainingBackend) to estimate from")
        }
        if estimate.evals > 0, let evalBackend {
            basis.append(
                estimate.eval.map {
                    "\(evalBackend): \(HumanFormat.duration($0.seconds)) per task, the mean of "
                        + TextShapes.count($0.runs, "stored result")
                } ?? "no stored results of \(evalBackend) to estimate from")
        }
        if let compute = estimate.computeSeconds, let wall = estimate.wallSeconds {
            lines.append(
                "estimate:  \(HumanFormat.duration(compute)) of compute"
                    + (estimate.parallel > 1 && compute > 0
                        ? ", about \(HumanFormat.duration(wall)) with \(estimate.parallel) jobs at once" : ""))
        } else {
            lines.append("estimate:  unknown")
        }
        lines += basis.map { "           " + $0 }
        return lines
    }

    /// The plan as CSV: the grid keys, then the action per cell.
    func csv() -> String {
        var rows = [gridKeys + ["plan", "trains", "evals_stored", "evals_to_run"]]
        for cell in plan.cells {
            let job = plan.jobs[plan.jobOfCell[cell.index]]
            rows.append(
                cell.assignments.map { SweepCell.text($0.value) } + [
                    job.isStored ? "stored" : "run", job.trains ? "true" : "false", "\(job.tasksStored.count)",
                    "\(job.tasksToRun.count)",
                ])
        }
        return CSV.document(rows)
    }

    /// The plan's stable JSON shape (docs/sweeps.md).
    func json() -> JSONValue {
        let estimate = plan.estimate
        func mean(_ value: SweepEstimate.Mean?) -> JSONValue {
            value.map { ["seconds": .number($0.seconds), "runs": .number(Double($0.runs))] } ?? .null
        }
        return [
            "cells": .array(
                plan.cells.map { cell in
                    let job = plan.jobs[plan.jobOfCell[cell.index]]
                    var grid: [String: JSONValue] = [:]
                    for assignment in cell.assignments { grid[assignment.path.description] = assignment.value }
                    return [
                        "index": .number(Double(cell.index)), "grid": .object(grid),
                        "plan": .string(job.isStored ? "stored" : "run"), "trains": .bool(job.trains),
                        "model_id": JSONShapes.string(job.storedModelID),
                        "evals_stored": .array(job.tasksStored.map(JSONValue.string)),
                        "evals_to_run": .array(job.tasksToRun.map(JSONValue.string)),
                        "same_as": job.cells[0] == cell.index ? .null : .number(Double(job.cells[0])),
                    ]
                }),
            "to_run": ["trainings": .number(Double(estimate.trainings)), "evals": .number(Double(estimate.evals))],
            "estimate": [
                "compute_seconds": JSONShapes.number(estimate.computeSeconds),
                "wall_seconds": JSONShapes.number(estimate.wallSeconds), "jobs": .number(Double(estimate.jobs)),
                "training_mean": mean(estimate.training), "eval_mean": mean(estimate.eval),
            ],
        ]
    }
}
