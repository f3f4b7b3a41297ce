import ArgumentParser
import Foundation
import MOCache

/// `mocache show`: everything about one entry.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show everything about one entry: key, canonical config, status, times, error, evals, hits.",
        discussion: """
            The entry is an id (t12, e34), a model id, or a unique prefix of a model id or of a config hash.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The entry: t12, e34, a model id, or a unique prefix.", valueName: "id-or-prefix"))
    var reference: String

    func run() async throws {
        try await global.run { context in
            let details = try await context.withStore(.readOnly) { try await EntryDetails.load(reference, from: $0) }
            switch context.format {
            case .json: context.console.writeJSON(Self.json(details))
            case .text: context.console.write(Self.text(details, style: context.console.out))
            }
        }
    }

    static func json(_ details: EntryDetails) -> JSONValue {
        switch details {
        case .training(let run, let evals):
            [
                "kind": "training", "entry": JSONShapes.trainingRun(run),
                "evals": .array(evals.map(JSONShapes.evalResult)),
            ]
        case .eval(let result, let run):
            [
                "kind": "eval", "entry": JSONShapes.evalResult(result),
                "trained_by": run.map(JSONShapes.trainingRun) ?? .null,
            ]
        }
    }

    static func text(_ details: EntryDetails, style: Style, now: Date = Date()) -> String {
        var lines: [(String, String)] = []
        // Values come from the store: their control characters are shown as escapes.
        func add(_ name: String, _ value: String?) {
            if let value { lines.append((name, TerminalText.escaped(value))) }
        }
        func time(_ date: Date?) -> String? {
            date.map { "\(ISO8601Timestamp.format($0)) (\(HumanFormat.relative($0, now: now)))" }
        }
        func common(
            status: EntryStatus, jobID: String?, createdAt: Date, startedAt: Date?, finishedAt: Date?, seconds: Double?,
            host: String?, pid: Int32?, lease: Lease?, hits: Int, lastHit: Date?, error: String?
        ) {
            lines.append(("status", style.status(status.rawValue)))
            add("job", jobID)
            add("created", time(createdAt))
            add("started", time(startedAt))
            add(
                "finished",
                time(finishedAt).map { text in seconds.map { "\(text), took \(HumanFormat.duration($0))" } ?? text })
            add("run by", host.map { "\($0)\(pid.map { " pid \($0)" } ?? "")" })
            add("lease", lease.map { "\($0.owner) until \(ISO8601Timestamp.format($0.expiresAt))" })
            let saved = seconds.map { ", saved \(HumanFormat.duration(Double(hits) * $0))" } ?? ""
            add("hits", "\(hits)\(lastHit.map { ", last \(HumanFormat.relative($0, now: now))" } ?? "")\(saved)")
            if let error { lines.append(("error", style.red(TerminalText.escaped(error, keepingNewlines: true)))) }
        }
        var text = ""
        switch details {
        case .training(let run, let evals):
            text += style.bold("training run \(EntryID.training(run.id).reference)") + "\n"
            add("model", run.modelID)
            add("backend", run.key.backendID)
            add("dataset", run.key.datasetHash)
            add("config", run.key.configHash)
            common(
                status: run.status, jobID: run.jobID, createdAt: run.createdAt, startedAt: run.startedAt,
                finishedAt: run.finishedAt, seconds: run.computeSeconds, host: run.host, pid: run.pid, lease: run.lease,
                hits: run.hitCount, lastHit: run.lastHitAt, error: run.error)
            text += Self.aligned(lines)
            text += "\n" + style.bold("config") + " (canonical)\n" + run.config.prettyJSON() + "\n"
            if let metadata = run.metadata {
                text += "\n" + style.bold("metadata") + "\n" + metadata.prettyJSON() + "\n"
            }
            if let model = run.modelID {
                text += "\n" + style.bold("evals of \(TerminalText.escaped(model))") + "\n"
                text += evals.isEmpty ? "none\n" : TextShapes.evalResults(evals, style: style, now: now)
            }
        case .eval(let result, let run):
            text += style.bold("eval result \(EntryID.eval(result.id).reference)") + "\n"
            add("model", result.key.modelID)
            add("task", result.key.task)
            add("backend", result.key.backendID)
            add("params", result.key.paramsHash)
            add("metrics", TextShapes.metrics(result.metrics))
            add("samples", result.sampleCount.map { "\($0)" })
            add("log", result.logPath)
            common(
                status: result.status, jobID: result.jobID, createdAt: result.createdAt, startedAt: result.startedAt,
                finishedAt: result.finishedAt, seconds: result.computeSeconds, host: result.host, pid: result.pid,
                lease: result.lease, hits: result.hitCount, lastHit: result.lastHitAt, error: result.error)
            add(
                "trained by",
                run.map {
                    "\(EntryID.training($0.id).reference) (\($0.key.backendID), dataset "
                        + "\(TextShapes.short($0.key.datasetHash)), config \(TextShapes.short($0.key.configHash)))"
                } ?? "not in this store")
            text += Self.aligned(lines)
            text += "\n" + style.bold("params") + " (canonical)\n" + result.params.prettyJSON() + "\n"
        }
        return text
    }

    /// `name  value` lines with the values aligned; a multi-line value is indented to match.
    static func aligned(_ lines: [(String, String)]) -> String {
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { name, value in
            let indent = String(repeating: " ", count: width + 4)
            let body = value.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n" + indent)
            return "  " + name + String(repeating: " ", count: width - name.count + 2) + body
        }
        .joined(separator: "\n") + "\n"
    }
}
