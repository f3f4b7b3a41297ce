import ArgumentParser
import Foundation
import MOCache
import MOCacheDemo

/// `mocache demo`: a small real sweep through the cache.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a small real sweep (3 configs x 2 eval tasks) through the cache; run it twice.",
        discussion: """
            Trains three logistic regressions on a generated dataset and scores each on two tasks, two \
            configurations at a time, through the cached wrappers. The first run computes everything; the \
            next is served from the database and says how much compute it saved. The dataset and model \
            weights go in a demo folder next to the database.
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run { context in
            let path = StoreOpener.describe(context.options.databasePath)
            let folder =
                StoreOpener.isServer(path)
                ? NSTemporaryDirectory() + "mocache-demo" : (path as NSString).deletingLastPathComponent + "/demo"
            context.console.message("Running the demo sweep through the cache at \(Self.display(path)) …")
            let report = try await context.withStore(.readWrite, create: true) { store in
                try await DemoSweep(store: store, workDirectory: folder, logger: context.logger).run()
            }
            switch context.format {
            case .json: context.console.writeJSON(Self.json(report, path: path))
            case .text:
                context.console.write(
                    Self.text(report, path: path, explicitDB: global.db != nil, style: context.console.out))
            }
        }
    }

    /// A path as people type it: relative to the current folder when it is inside it.
    static func display(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        return path.hasPrefix(current + "/") ? String(path.dropFirst(current.count + 1)) : path
    }

    /// A word for a shell: quoted when it has anything but safe characters.
    static func shellWord(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+:=".contains($0)) }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func json(_ report: DemoSweep.Report, path: String) -> JSONValue {
        [
            "database": .string(path),
            "configs": .array(
                report.lines.map { line in
                    [
                        "learning_rate": .number(line.learningRate),
                        "model_id": .string(line.model.modelID),
                        "training_served_from_cache": .bool(line.model.servedFromCache),
                        "evals": .object(
                            line.results.tasks.mapValues {
                                [
                                    "metrics": .object($0.metrics.mapValues(JSONValue.number)),
                                    "served_from_cache": .bool($0.servedFromCache),
                                ]
                            }),
                    ]
                }),
            "computed": [
                "trainings": JSONShapes.integer(report.trainingsComputed),
                "evals": JSONShapes.integer(report.evalsComputed),
            ],
            "served": [
                "trainings": JSONShapes.integer(report.trainingsServed),
                "evals": JSONShapes.integer(report.evalsServed),
            ],
            "elapsed_seconds": JSONShapes.seconds(report.elapsedSeconds),
            "saved_seconds": JSONShapes.seconds(report.savedSeconds),
        ]
    }

    static func text(_ report: DemoSweep.Report, path: String, explicitDB: Bool, style: Style) -> String {
        let tasks = Array(Set(report.lines.flatMap(\.results.tasks.keys))).sorted()
        var table = TextTable(
            [.init("LEARNING RATE", rightAligned: true), .init("MODEL"), .init("TRAINING")]
                + tasks.map { .init("\($0.uppercased()) ACCURACY", rightAligned: true) } + [.init("EVALS")])
        for line in report.lines {
            let served = line.results.tasks.values.filter(\.servedFromCache).count
            let evals =
                served == line.results.tasks.count
                ? TextTable.Cell("cache", styled: style.green)
                : TextTable.Cell(served == 0 ? "computed" : "\(served) from cache")
            table.append(
                [
                    TextTable.Cell(HumanFormat.metric(line.learningRate)), TextTable.Cell(line.model.modelID),
                    line.model.servedFromCache
                        ? TextTable.Cell("cache", styled: style.green) : TextTable.Cell("computed"),
                ]
                    + tasks.map { task in
                        TextTable.Cell(line.results.tasks[task]?.metrics["accuracy"].map(HumanFormat.metric) ?? "-")
                    } + [evals])
        }
        var text = table.render(style: style) + "\n"
        text += "computed:  \(TextShapes.count(report.trainingsComputed, "training")), "
        text += "\(TextShapes.count(report.evalsComputed, "eval"))\n"
        text += "served:    \(TextShapes.count(report.trainingsServed, "training")), "
        text += "\(TextShapes.count(report.evalsServed, "eval")) from the cache\n"
        text += "took:      \(HumanFormat.duration(report.elapsedSeconds))\n"
        text += "saved:     \(style.bold(HumanFormat.duration(report.savedSeconds))) of compute"
        text += report.trainingsServed + report.evalsServed == 0 ? " (run it again: everything will be served)\n" : "\n"
        let db = explicitDB ? " --db \(shellWord(display(path)))" : ""
        let file = shellWord(display(path))
        text += "\nLook at what was stored:\n"
        text += "  mocache models\(db)\n"
        text += "  mocache evals\(db) --metric accuracy\n"
        text += "  mocache stats\(db)\n"
        text +=
            "  sqlite3 -table \(file) 'SELECT model_id, task, metric, value FROM eval_metrics ORDER BY task, metric, value DESC'\n"
        text += "  sqlite3 -table \(file) 'SELECT model_id, base_model, duration_s, hit_count, saved_s FROM models'\n"
        return text
    }
}
