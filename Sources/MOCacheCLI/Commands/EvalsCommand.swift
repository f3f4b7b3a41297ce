import ArgumentParser
import MOCache

/// `mocache evals`: eval results, or one metric as a table of models by tasks.
struct EvalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evals",
        abstract: "List eval results, newest first; --metric pivots one metric to a table of models by tasks.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only evals of this model id.")
    var model: String?

    @Option(
        help: ArgumentHelp("Only evals of these tasks (repeat the option, or list them after it).", valueName: "task"))
    var task: [String] = []

    @Option(help: "Only evals of this eval backend.")
    var backend: String?

    @Option(help: "Only results in this status: pending, running, succeeded, failed or cancelled.")
    var status: EntryStatus?

    @Option(help: ArgumentHelp("Show this metric as a table of models (rows) by tasks (columns).", valueName: "name"))
    var metric: String?

    @Option(help: "At most this many results (without --metric).")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more.") }
        if metric != nil, limit != nil { throw ValidationError("--limit does not apply to a --metric table.") }
    }

    func run() async throws {
        try await global.run(formats: [.text, .json, .csv]) { context in
            let filter = EvalResultFilter(
                backendID: backend, modelID: model, tasks: task.isEmpty ? nil : task,
                status: metric == nil ? status : .succeeded, limit: metric == nil ? limit : nil)
            let results = try await context.withStore(.readOnly) { try await $0.evalResults(matching: filter) }
            if let metric {
                show(MetricTable(results, metric: metric), context: context)
                return
            }
            if context.dataFormat == .csv {
                context.console.write(CSV.records(results.map(JSONShapes.evalResult)))
                return
            }
            switch context.format {
            case .json: context.console.writeJSON(.array(results.map(JSONShapes.evalResult)))
            case .text:
                if results.isEmpty {
                    context.console.message("No eval results match.")
                } else {
                    context.console.write(TextShapes.evalResults(results, style: context.console.out))
                }
            }
        }
    }

    private func show(_ table: MetricTable, context: CommandContext) {
        if context.dataFormat == .csv {
            // One row per model, one column per task: the pivot as pandas reads it.
            context.console.write(
                CSV.document(
                    [["model_id"] + table.tasks]
                        + table.models.map { model in
                            [model]
                                + table.tasks.map { task in
                                    table.value(model: model, task: task).map { JSONValue.number($0).compactText } ?? ""
                                }
                        }))
            return
        }
        switch context.format {
        case .json:
            context.console.writeJSON([
                "metric": .string(table.metric),
                "tasks": .array(table.tasks.map(JSONValue.string)),
                "models": .array(
                    table.models.map { model in
                        [
                            "model_id": .string(model),
                            "values": .object(
                                Dictionary(
                                    uniqueKeysWithValues: table.tasks.map {
                                        ($0, JSONShapes.number(table.value(model: model, task: $0)))
                                    })),
                        ]
                    }),
                "shadowed_results": JSONShapes.integer(table.shadowedResults),
            ])
        case .text:
            guard !table.models.isEmpty else {
                context.console.message("No succeeded eval result has the metric \"\(table.metric)\".")
                return
            }
            let style = context.console.out
            var text = TextTable(
                [.init("MODEL \\ \(table.metric)")] + table.tasks.map { .init($0, rightAligned: true) })
            for model in table.models {
                text.append(
                    [TextTable.Cell(model)]
                        + table.tasks.map {
                            TextTable.Cell(table.value(model: model, task: $0).map(HumanFormat.metric) ?? "-")
                        })
            }
            context.console.write(text.render(style: style))
            if table.shadowedResults > 0 {
                context.console.message(
                    "\(TextShapes.count(table.shadowedResults, "older result")) of the same model and task "
                        + "(other params or eval backend) not shown; narrow with --backend.")
            }
        }
    }
}
