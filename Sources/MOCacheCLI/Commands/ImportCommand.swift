import ArgumentParser
import Foundation
import MOCache

/// `mocache import`: merges a `mocache export` file into the database.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Merge a `mocache export` file: idempotent, checked in full before anything is written.",
        discussion: """
            A record whose key is not stored is added; one whose key holds the same result changes nothing \
            (importing twice is harmless); one whose key holds a failed or unfinished entry replaces it. \
            A record whose key holds another result (same key, another model id or other metrics) is a \
            conflict: it is reported and the stored result kept, unless --overwrite. Exits 1 when conflicts \
            were left in place or a record is invalid (then nothing is imported). The file is read a line \
            at a time; a line may hold at most 64 MiB. The whole import is one transaction: when the store \
            refuses a record, nothing is imported.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Replace stored results that differ from the file's.")
    var overwrite = false

    @Argument(help: ArgumentHelp("The file, or - for standard input.", valueName: "file"))
    var file: String

    func run() async throws {
        try await global.run { context in
            var reader = ImportFileReader(source: BoundedInput.name(file))
            try BoundedInput.lines(file) { line, number in reader.add(line, number: number) }
            let records = try reader.records()
            let progress = ProgressBar("import", console: context.console)
            let report = try await context.withStore(.readWrite, create: true) { store in
                try await CacheImport.apply(records, to: store, overwrite: overwrite) { done, total in
                    progress.update(done: Int64(done), total: Int64(total))
                }
            }
            progress.finish()
            switch context.format {
            case .json: context.console.writeJSON(Self.json(report))
            case .text: context.console.write(Self.text(report, style: context.console.out))
            }
            if report.unresolvedConflicts > 0 { throw CommandFailure() }
        }
    }

    static func json(_ report: ImportReport) -> JSONValue {
        func counts(_ counts: ImportReport.Counts) -> JSONValue {
            [
                "inserted": JSONShapes.integer(counts.inserted), "unchanged": JSONShapes.integer(counts.unchanged),
                "replaced": JSONShapes.integer(counts.replaced), "conflicts": JSONShapes.integer(counts.conflicts),
            ]
        }
        return [
            "training_runs": counts(report.trainingRuns),
            "eval_results": counts(report.evalResults),
            "dataset_uploads": counts(report.datasetUploads),
            "conflicts": .array(
                report.conflicts.map {
                    [
                        "kind": .string($0.kind), "key": .string($0.key),
                        "entry": JSONShapes.string($0.storedEntry?.reference), "stored": .string($0.stored),
                        "imported": .string($0.imported), "overwritten": .bool($0.overwritten),
                    ]
                }),
        ]
    }

    static func text(_ report: ImportReport, style: Style) -> String {
        var table = TextTable([
            .init("KIND"), .init("NEW", rightAligned: true), .init("UNCHANGED", rightAligned: true),
            .init("REPLACED", rightAligned: true), .init("CONFLICTS", rightAligned: true),
        ])
        for (name, counts) in [
            ("training runs", report.trainingRuns), ("eval results", report.evalResults),
            ("dataset uploads", report.datasetUploads),
        ] {
            table.append([
                TextTable.Cell(name), TextTable.Cell("\(counts.inserted)"), TextTable.Cell("\(counts.unchanged)"),
                TextTable.Cell("\(counts.replaced)"),
                counts.conflicts > 0
                    ? TextTable.Cell("\(counts.conflicts)", styled: style.red) : TextTable.Cell("\(counts.conflicts)"),
            ])
        }
        var text = table.render(style: style)
        if !report.conflicts.isEmpty {
            text += "\n" + style.bold("conflicts") + " (same key, another result)\n"
            for conflict in report.conflicts {
                let entry = conflict.storedEntry.map { "\($0.reference) " } ?? ""
                text += TerminalText.escaped(
                    "  \(entry)\(conflict.kind) \(conflict.key): stored \(conflict.stored), file \(conflict.imported)")
                text += conflict.overwritten ? " (overwritten)\n" : " (kept; --overwrite replaces it)\n"
            }
        }
        return text
    }
}
