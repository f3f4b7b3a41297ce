import ArgumentParser
import Foundation
import MOCache

/// `mocache report`: one self-contained HTML page of the store, to look at or to send.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page of plots and tables: compute saved, metrics, runs.",
        discussion: """
            The page shows what the store holds and what the cache saved over time; for each training \
            backend, each task metric against each hyperparameter that varies, the metric by model and \
            task, and the runs (sortable, with errors). It needs nothing else to be viewed: no network, \
            no fonts, no other files. Large stores are sampled or aggregated, and the page says where.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp("The HTML file to write, or - for standard output.", valueName: "file"))
    var output = "report.html"

    @Option(help: "Only this backend: a training backend with the evals of its models, or an eval backend.")
    var backend: String?

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("Only evals of these tasks (list them after the option, or repeat it).", valueName: "task"))
    var task: [String] = []

    @Option(
        help: ArgumentHelp(
            "The metric of the heatmaps, tables and charts (default: the commonest; charts show every metric).",
            valueName: "name"))
    var metric: String?

    @Option(help: ArgumentHelp("Only entries created since then: 3d, 12h, 2026-01-31.", valueName: "when"))
    var since: DateArgument?

    @Flag(help: "Open the page with the system's opener (xdg-open, or open on macOS) once written.")
    var open = false

    func validate() throws {
        if output.isEmpty { throw ValidationError("-o needs a file name, or - for standard output.") }
        if open && output == "-" { throw ValidationError("--open needs a file: give -o FILE instead of -o -.") }
    }

    func run() async throws {
        try await global.run { context in
            let path = output == "-" ? nil : StoreOpener.absolutePath(output)
            if let path { try Self.checkFolder(of: path) }
            let options = ReportOptions(backendID: backend, tasks: task, metric: metric, since: since?.date)
            let clock = ContinuousClock()
            let started = clock.now
            let report = try await context.withStore(.readOnly) { store in
                try await ReportBuilder.build(
                    from: store, source: StoreOpener.describe(context.options.databasePath), options: options)
            }
            let built = clock.now
            let html = ReportPage.html(report)
            context.logger.debug(
                "report made",
                metadata: [
                    "read_and_build_s": "\((built - started).timeInterval)",
                    "page_s": "\((clock.now - built).timeInterval)", "bytes": "\(html.utf8.count)",
                ])
            guard let path else {
                context.console.write(html)
                return
            }
            try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            let summary = report.summary
            switch context.format {
            case .json:
                context.console.writeJSON([
                    "path": .string(path), "bytes": JSONShapes.integer(html.utf8.count),
                    "training_runs": JSONShapes.integer(summary.trainingRuns),
                    "eval_results": JSONShapes.integer(summary.evalResults),
                    "sections": .array(report.sections.map { .string($0.title) }),
                ])
            case .text:
                context.console.message(
                    "Wrote \(DemoCommand.display(path)) (\(HumanFormat.bytes(Int64(html.utf8.count)))): "
                        + "\(ReportFormat.count(summary.trainingRuns, "training run")), "
                        + "\(ReportFormat.count(summary.evalResults, "eval result")).")
            }
            if open { try await openReport(path, context: context) }
        }
    }

    /// Fails before the store is read when the report's folder is missing.
    private static func checkFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw MOCacheError(
                .invalidInput,
                "Cannot write the report to \(path): the folder \(folder) does not exist. Create it, or give "
                    + "another file with -o.", path: path)
        }
    }

    private func openReport(_ path: String, context: CommandContext) async throws {
        guard let opener = SystemOpener.find() else {
            context.console.message(
                "No \(SystemOpener.name) found in PATH to open the report: open \(path) in a browser.")
            return
        }
        let status = try await opener.open(path)
        if status != 0 {
            context.console.warning("\(opener.path) exited with status \(status); open \(path) in a browser.")
        }
    }
}
