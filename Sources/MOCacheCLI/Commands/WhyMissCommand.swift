import ArgumentParser
import Foundation
import MOCache

/// `mocache why-miss`: why a training request is not served from the cache.
struct WhyMissCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why-miss",
        abstract: "Explain why a training request is not served: the nearest stored runs and what differs.",
        discussion: """
            Computes the request's key as `mocache train` would. When it is not stored, lists the stored \
            runs of the backend nearest to it and, field by field, how they differ: another dataset hash, \
            a changed hyperparameter (stored -> requested), a member one side lacks. Runs of other backends \
            with the same dataset and config are shown too. Exits 0 when it could explain, hit or miss.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The training backend id, as given to `mocache train --backend`.")
    var backend: String

    @Option(help: ArgumentHelp("The dataset file.", valueName: "file"))
    var dataset: String?

    @Option(help: ArgumentHelp("The dataset's hash, instead of --dataset.", valueName: "hash"))
    var datasetHash: String?

    @Option(help: ArgumentHelp("The training configuration file (JSON), as for `mocache train`.", valueName: "file"))
    var config: String

    @Option(help: "The namespace, as given to `mocache train --namespace`.")
    var namespace: String?

    @Option(help: "The replicate index, as given to `mocache train --replicate`.")
    var replicate: Int?

    @Option(help: "How many nearest runs to show.")
    var limit = 3

    func validate() throws {
        if (dataset == nil) == (datasetHash == nil) {
            throw ValidationError("Give either --dataset or --dataset-hash.")
        }
        if let datasetHash, datasetHash.count != 64 || !datasetHash.allSatisfy(\.isHexDigit) {
            throw ValidationError("--dataset-hash must be 64 hex digits.")
        }
        if limit < 0 { throw ValidationError("--limit must be 0 or more.") }
    }

    func run() async throws {
        try await global.run { context in
            let file = try TrainingInput.configFile(config)
            let json = TrainingConfiguration.json(
                for: file.request(dataset: .bytes(Data())),
                namespace: try file.namespace(overriddenBy: namespace, source: config),
                replicate: try file.replicate(overriddenBy: replicate, source: config))
            let explanation = try await context.withStore(.readOnly) { store in
                let hash: String
                if let datasetHash {
                    hash = datasetHash.lowercased()
                } else {
                    hash = try await DatasetHasher.hash(.file(path: dataset ?? ""), memo: store, updatingMemo: false)
                }
                return try await MissExplanation.explain(
                    backendID: backend, datasetHash: hash, config: json, in: store, limit: limit)
            }
            switch context.format {
            case .json: context.console.writeJSON(Self.json(explanation))
            case .text: context.console.write(Self.text(explanation, style: context.console.out))
            }
        }
    }

    static func json(_ explanation: MissExplanation) -> JSONValue {
        [
            "verdict": .string(explanation.verdict.rawValue),
            "key": JSONShapes.key(explanation.key),
            "config": explanation.config,
            "stored": explanation.stored.map(JSONShapes.trainingRun) ?? .null,
            "runs_on_backend": JSONShapes.integer(explanation.runsOnBackend),
            "backends": .object(explanation.backends.mapValues { JSONShapes.integer($0) }),
            "nearest": .array(
                explanation.nearest.map { candidate in
                    [
                        "entry": JSONShapes.trainingRun(candidate.run),
                        "distance": JSONShapes.integer(candidate.distance),
                        "backend_differs": .bool(candidate.backendDiffers),
                        "dataset_differs": .bool(candidate.datasetDiffers),
                        "dataset_files": .array(candidate.datasetFiles.map(JSONValue.string)),
                        "differences": .array(candidate.configDifferences.map(JSONShapes.difference)),
                    ]
                }),
        ]
    }

    static func text(_ explanation: MissExplanation, style: Style, now: Date = Date()) -> String {
        let key = explanation.key
        var text =
            "\(style.bold("key")) backend \(TerminalText.escaped(key.backendID)), dataset \(TextShapes.short(key.datasetHash)), "
        text += "config \(TextShapes.short(key.configHash))\n\n"
        switch explanation.verdict {
        case .hit:
            let run = explanation.stored
            text += style.green("hit") + ": \(run.map { EntryID.training($0.id).reference } ?? "the run") "
            text +=
                "(model \(TerminalText.escaped(run?.modelID ?? "-"))) is stored; a training call is served from the cache.\n"
            return text
        case .storedNotServed:
            guard let run = explanation.stored else { return text }
            let id = EntryID.training(run.id).reference
            switch run.status {
            case .pending, .running:
                text += style.yellow("in flight") + ": \(id) is \(run.status.rawValue)"
                text += run.lease.map { " (lease until \(ISO8601Timestamp.format($0.expiresAt)))" } ?? ""
                text += "; a training call waits for it.\n"
            default:
                text += style.red("not served") + ": \(id) \(run.status.rawValue)"
                text += run.error.map { ": \(TerminalText.escaped($0, keepingNewlines: true))" } ?? ""
                text += "\nFailed and cancelled runs are never served: the next training call runs the job again.\n"
            }
            return text
        case .miss:
            text += style.red("miss") + ": nothing is stored for this key; a training call would run the job.\n\n"
        }
        if explanation.runsOnBackend == 0 {
            text += "The store holds no training runs for backend \(TerminalText.escaped(key.backendID))."
            let others = explanation.backends.sorted { $0.key < $1.key }.map {
                "\(TerminalText.escaped($0.key)) (\($0.value))"
            }
            text += others.isEmpty ? "\n" : " Backends with runs: \(others.joined(separator: ", ")).\n"
        } else {
            text +=
                "The store holds \(TextShapes.count(explanation.runsOnBackend, "training run")) for "
                + "\(TerminalText.escaped(key.backendID))."
        }
        guard !explanation.nearest.isEmpty else { return text }
        text += " Nearest first, as stored -> requested:\n"
        for candidate in explanation.nearest {
            let run = candidate.run
            text +=
                "\n" + style.cyan(EntryID.training(run.id).reference)
                + "  \(TerminalText.escaped(run.modelID ?? "-"))  "
            text += style.status(run.status.rawValue) + "  \(HumanFormat.relative(run.createdAt, now: now))  "
            text += style.dim("(\(TextShapes.count(candidate.distance, "difference")))") + "\n"
            if candidate.backendDiffers {
                text +=
                    "    backend: \(TerminalText.escaped(run.key.backendID)) -> \(TerminalText.escaped(key.backendID))\n"
            }
            if candidate.datasetDiffers {
                let files = candidate.datasetFiles.isEmpty ? "" : " (\(candidate.datasetFiles.joined(separator: ", ")))"
                text +=
                    "    dataset: \(TextShapes.short(run.key.datasetHash))\(files) -> \(TextShapes.short(key.datasetHash))\n"
            }
            for difference in candidate.configDifferences {
                text += "    \(TerminalText.escaped("\(difference)"))\n"
            }
        }
        return text
    }
}
