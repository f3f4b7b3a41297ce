import ArgumentParser
import Foundation
import MOCache

/// `mocache export`: succeeded entries as JSON lines, for another machine to import.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write succeeded entries and dataset uploads as JSON lines, for `mocache import` elsewhere.",
        discussion: """
            One record per line, each with "version": 1 and a "kind" (training_run, eval_result, \
            dataset_upload); the format is described in the README. The lines always go to standard \
            output (or --output), whatever --format says.

            Example: mocache export --backend process:sft > results.jsonl
            """)

    /// What to export.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case training, eval, uploads
    }

    @OptionGroup var global: GlobalOptions

    @Option(
        help: ArgumentHelp("Only these kinds: training, eval, uploads (repeatable). Default: all.", valueName: "kind"))
    var kind: [Kind] = []

    @Option(help: "Only entries of this backend.")
    var backend: String?

    @Option(help: "Only this model: the run that trained it and its evals.")
    var model: String?

    @Option(
        help: ArgumentHelp(
            "Only entries created since then: a span back (7d) or a date (2026-01-31).", valueName: "when"))
    var since: DateArgument?

    @Option(
        name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() async throws {
        try await global.run { context in
            let kinds = Set(kind.isEmpty ? Kind.allCases : kind)
            let filter = CacheExport.Filter(
                trainingRuns: kinds.contains(.training), evalResults: kinds.contains(.eval),
                datasetUploads: kinds.contains(.uploads), backendID: backend, since: since?.date, modelID: model)
            let records = try await context.withStore(.readOnly) {
                try await CacheExport.records(from: $0, filter: filter)
            }
            let handle: FileHandle
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: nil) else {
                    throw MOCacheError(.permissionDenied, "Cannot create \(output).", path: output)
                }
                handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            } else {
                handle = FileHandle.standardOutput
            }
            let progress = ProgressBar("export", console: context.console)
            var chunk = ""
            for (index, record) in records.enumerated() {
                chunk += try record.line() + "\n"
                if chunk.utf8.count > 1 << 16 || index == records.count - 1 {
                    try handle.write(contentsOf: Data(chunk.utf8))
                    chunk = ""
                    progress.update(done: Int64(index + 1), total: Int64(records.count))
                }
            }
            progress.finish()
            if output != nil { try handle.close() }
            let counts = Dictionary(grouping: records, by: \.kind).mapValues(\.count)
            context.console.message(
                "Exported \(TextShapes.count(counts["training_run"] ?? 0, "training run")), "
                    + "\(TextShapes.count(counts["eval_result"] ?? 0, "eval result")) and "
                    + "\(TextShapes.count(counts["dataset_upload"] ?? 0, "dataset upload"))"
                    + (output.map { " to \($0)." } ?? "."))
        }
    }
}
