import ArgumentParser
import Foundation
import MOCache

/// `mocache datasets`: the dataset hashes the store has seen.
struct DatasetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List dataset hashes seen: training runs per backend, uploads, and the files in the hash memo.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run(formats: [.text, .json, .csv]) { context in
            let summaries = try await context.withStore(.readOnly) { try await DatasetSummary.all(in: $0) }
            if context.dataFormat == .csv {
                context.console.write(CSV.records(summaries.map(Self.json)))
                return
            }
            switch context.format {
            case .json: context.console.writeJSON(.array(summaries.map(Self.json)))
            case .text:
                if summaries.isEmpty {
                    context.console.message("No datasets seen yet.")
                } else {
                    context.console.write(
                        summaries.map { Self.text($0, style: context.console.out) }.joined(separator: "\n"))
                }
            }
        }
    }

    static func json(_ summary: DatasetSummary) -> JSONValue {
        [
            "dataset_hash": .string(summary.datasetHash),
            "training_runs": .object(summary.trainingRuns.mapValues { JSONShapes.integer($0) }),
            "last_trained_at": JSONShapes.time(summary.lastTrainedAt),
            "uploads": .array(
                summary.uploads.map {
                    [
                        "backend": .string($0.backendID), "file_id": .string($0.fileID),
                        "uploaded_at": JSONShapes.time($0.uploadedAt),
                    ]
                }),
            "files": .array(
                summary.files.map {
                    [
                        "path": .string($0.file.path), "size_bytes": JSONShapes.integer(Int($0.file.size)),
                        "modified_at": JSONShapes.time(
                            Date(timeIntervalSince1970: Double($0.file.modificationTimeNanoseconds) / 1e9)),
                    ]
                }),
        ]
    }

    static func text(_ summary: DatasetSummary, style: Style) -> String {
        var text = style.bold(summary.datasetHash) + "\n"
        let runs = summary.trainingRuns.sorted { $0.key < $1.key }.map { "\(TerminalText.escaped($0.key)) \($0.value)" }
        text += "  training runs  \(runs.isEmpty ? "none" : runs.joined(separator: ", "))"
        text += summary.lastTrainedAt.map { " (last \(HumanFormat.relative($0)))" } ?? ""
        text += "\n"
        for upload in summary.uploads {
            text +=
                "  uploaded       \(TerminalText.escaped(upload.backendID)) as \(TerminalText.escaped(upload.fileID)) "
                + "(\(HumanFormat.relative(upload.uploadedAt)))\n"
        }
        for memo in summary.files {
            text += "  file           \(TerminalText.escaped(memo.file.path)) (\(HumanFormat.bytes(memo.file.size)))\n"
        }
        return text
    }
}
