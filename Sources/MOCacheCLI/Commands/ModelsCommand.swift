import ArgumentParser
import Foundation
import MOCache

/// `mocache models`: training runs, newest first.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List training runs, newest first, with their key parts, model and status.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only runs of this training backend.")
    var backend: String?

    @Option(help: ArgumentHelp("Only runs on datasets whose hash starts with this.", valueName: "hash-prefix"))
    var dataset: String?

    @Option(help: "Only runs in this status: pending, running, succeeded, failed or cancelled.")
    var status: EntryStatus?

    @Option(
        help: ArgumentHelp(
            "Only runs created since then: a span back (3d, 12h) or a date (2026-01-31).", valueName: "when"))
    var since: DateArgument?

    @Option(help: "At most this many runs.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more.") }
    }

    func run() async throws {
        try await global.run(formats: [.text, .json, .csv]) { context in
            let filter = TrainingRunFilter(
                backendID: backend, datasetHashPrefix: dataset?.lowercased(), status: status,
                createdSince: since?.date, limit: limit)
            let runs = try await context.withStore(.readOnly) { try await $0.trainingRuns(matching: filter) }
            if context.dataFormat == .csv {
                context.console.write(CSV.records(runs.map(JSONShapes.trainingRun)))
                return
            }
            switch context.format {
            case .json: context.console.writeJSON(.array(runs.map(JSONShapes.trainingRun)))
            case .text:
                if runs.isEmpty {
                    context.console.message("No training runs match.")
                } else {
                    context.console.write(TextShapes.trainingRuns(runs, style: context.console.out))
                }
            }
        }
    }
}
