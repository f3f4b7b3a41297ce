import Foundation
import MOCache

/// Pieces of the text format shared by several commands.
enum TextShapes {
    /// A hash shortened for tables: its first 12 digits.
    static func short(_ hash: String) -> String {
        String(hash.prefix(12))
    }

    /// A table of training runs, newest first, as `mocache models` prints it.
    static func trainingRuns(_ runs: [TrainingRunRecord], style: Style, now: Date = Date()) -> String {
        var table = TextTable([
            .init("ID"), .init("MODEL"), .init("BACKEND"), .init("BASE"), .init("DATASET"), .init("CONFIG"),
            .init("STATUS"), .init("AGE", rightAligned: true), .init("DURATION", rightAligned: true),
            .init("HITS", rightAligned: true),
        ])
        for run in runs {
            table.append([
                TextTable.Cell(EntryID.training(run.id).reference, styled: style.cyan),
                TextTable.Cell(run.modelID ?? "-"),
                TextTable.Cell(run.key.backendID),
                TextTable.Cell(run.config["base_model"]?.stringValue ?? "-"),
                TextTable.Cell(short(run.key.datasetHash), styled: style.dim),
                TextTable.Cell(short(run.key.configHash), styled: style.dim),
                TextTable.Cell(run.status.rawValue, styled: style.status),
                TextTable.Cell(HumanFormat.relative(run.createdAt, now: now)),
                TextTable.Cell(run.computeSeconds.map(HumanFormat.duration) ?? "-"),
                TextTable.Cell("\(run.hitCount)"),
            ])
        }
        return table.render(style: style)
    }

    /// A table of eval results, newest first, as `mocache evals` prints it.
    static func evalResults(_ results: [EvalResultRecord], style: Style, now: Date = Date()) -> String {
        var table = TextTable([
            .init("ID"), .init("MODEL"), .init("TASK"), .init("BACKEND"), .init("STATUS"), .init("METRICS"),
            .init("AGE", rightAligned: true), .init("DURATION", rightAligned: true), .init("HITS", rightAligned: true),
        ])
        for result in results {
            table.append([
                TextTable.Cell(EntryID.eval(result.id).reference, styled: style.cyan),
                TextTable.Cell(result.key.modelID),
                TextTable.Cell(result.key.task),
                TextTable.Cell(result.key.backendID),
                TextTable.Cell(result.status.rawValue, styled: style.status),
                TextTable.Cell(metrics(result.metrics)),
                TextTable.Cell(HumanFormat.relative(result.createdAt, now: now)),
                TextTable.Cell(result.computeSeconds.map(HumanFormat.duration) ?? "-"),
                TextTable.Cell("\(result.hitCount)"),
            ])
        }
        return table.render(style: style)
    }

    /// Metrics as `accuracy=0.91 f1=0.88`, sorted by name.
    static func metrics(_ metrics: [String: Double]?) -> String {
        guard let metrics, !metrics.isEmpty else { return "-" }
        return metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\(HumanFormat.metric($0.value))" }
            .joined(separator: " ")
    }

    /// `3 training runs`, `1 eval result`.
    static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : (plural ?? singular + "s"))"
    }
}
