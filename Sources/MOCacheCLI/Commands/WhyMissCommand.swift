import ArgumentParser
import Foundation
import MOCache
import MOCacheInspect

/// `mocache why-miss`: why a training request, or an eval task, is not served from the cache.
struct WhyMissCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why-miss",
        abstract:
            "Explain why a training request or eval task is not served: the nearest stored ones and what differs.",
        discussion: """
            Computes the request's key as `mocache train` would. When it is not stored, lists the stored \
            runs of the backend nearest to it and, field by field, how they differ: another dataset hash, \
            a changed hyperparameter (stored -> requested), a member one side lacks. Runs of other backends \
            with the same dataset and config are shown too. Exits 0 when it could explain, hit or miss.

            With --model and --task, explains an eval task instead, as `mocache eval` would key it: the stored \
            results of the same backend, model and task, and how their parameters differ. For --backend \
            inspect, the task is FILE@TASK with --task-arg, --sample-limit (mocache eval's --limit), --epochs \
            and --ignore-task-file-changes; an edited task file reads "the task file changed". For other \
            backends, --params is the eval parameters file.

            Example: mocache why-miss --backend inspect --model openai/gpt-4o-mini --task evals/quiz.py@quiz
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The training backend id, as given to `mocache train --backend`.")
    var backend: String

    @Option(help: ArgumentHelp("The dataset file.", valueName: "file"))
    var dataset: String?

    @Option(help: ArgumentHelp("The dataset's hash, instead of --dataset.", valueName: "hash"))
    var datasetHash: String?

    @Option(help: ArgumentHelp("The training configuration file (JSON), as for `mocache train`.", valueName: "file"))
    var config: String?

    @Option(help: "An eval: the model id, as given to `mocache eval --model`.")
    var model: String?

    @Option(help: ArgumentHelp("An eval: the task, as given to `mocache eval --task`.", valueName: "task"))
    var task: String?

    @Option(
        help: ArgumentHelp(
            "An eval of a command's harness: its parameters (JSON), as given to `mocache eval`.", valueName: "file"))
    var params: String?

    @Option(
        name: .customLong("task-arg"),
        help: ArgumentHelp("An inspect eval: a task argument, as given to `mocache eval`.", valueName: "k=v"))
    var taskArguments: [String] = []

    @Option(help: ArgumentHelp("An inspect eval: `mocache eval`'s --limit.", valueName: "n"))
    var sampleLimit: Int?

    @Option(help: ArgumentHelp("An inspect eval: `mocache eval`'s --epochs.", valueName: "n"))
    var epochs: Int?

    @Flag(help: "An inspect eval: as `mocache eval --ignore-task-file-changes`.")
    var ignoreTaskFileChanges = false

    @Option(help: "The namespace, as given to `mocache train --namespace`.")
    var namespace: String?

    @Option(help: "The replicate index, as given to `mocache train --replicate`.")
    var replicate: Int?

    @Option(help: "How many nearest runs to show.")
    var limit = 3

    /// Whether this explains an eval task rather than a training request.
    var explainsEval: Bool { task != nil || model != nil }

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must be 0 or more.") }
        if explainsEval {
            guard task != nil, model != nil else { throw ValidationError("An eval needs both --model and --task.") }
            if dataset != nil || datasetHash != nil || config != nil || namespace != nil || replicate != nil {
                throw ValidationError(
                    "--dataset, --dataset-hash, --config, --namespace and --replicate are for a training request; "
                        + "an eval takes --model and --task.")
            }
            return
        }
        if config == nil {
            throw ValidationError("Give --config (a training request), or --model and --task (an eval).")
        }
        if (dataset == nil) == (datasetHash == nil) {
            throw ValidationError("Give either --dataset or --dataset-hash.")
        }
        if let datasetHash, datasetHash.count != 64 || !datasetHash.allSatisfy(\.isHexDigit) {
            throw ValidationError("--dataset-hash must be 64 hex digits.")
        }
    }

    func run() async throws {
        if explainsEval { return try await runEval() }
        try await global.run { context in
            let config = self.config ?? ""
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

// MARK: - An eval task

extension WhyMissCommand {
    /// Explains an eval task: its key as `mocache eval` makes it, and the stored results that differ.
    func runEval() async throws {
        try await global.run { context in
            let task = self.task ?? ""
            let (taskName, parameters) = try evalParameters(task: task)
            let key = EvalKey(
                backendID: backend, modelID: model ?? "", task: taskName, paramsHash: try parameters.configHash())
            let explanation = try await context.withStore(.readOnly) { store in
                try await EvalMissExplanation.explain(key: key, params: parameters, in: store, limit: limit)
            }
            switch context.format {
            case .json: context.console.writeJSON(Self.json(explanation))
            case .text: context.console.write(Self.text(explanation, style: context.console.out))
            }
        }
    }

    /// The task's name in the key and its parameters, as `mocache eval` makes them.
    private func evalParameters(task: String) throws -> (String, JSONValue) {
        if InspectEvalOptions.isInspect(backend) {
            if params != nil {
                throw ValidationError("--params is for a command's harness; an inspect eval takes --task-arg.")
            }
            let request = try InspectEvalBackend(backendID: backend).request(
                modelID: model ?? "", tasks: [task],
                taskArguments: try InspectEvalOptions.arguments(taskArguments), limit: sampleLimit,
                epochs: epochs, hashTaskFile: !ignoreTaskFileChanges)
            return (task, request.params)
        }
        guard let params else { return (task, .object([:])) }
        do {
            return (task, try JSONValue(parsing: try CanonicalCommand.read(params)))
        } catch let error as MOCacheError {
            throw MOCacheError(error.code, "\(params): \(error.message)", path: params)
        }
    }

    static func json(_ explanation: EvalMissExplanation) -> JSONValue {
        [
            "verdict": .string(explanation.verdict.rawValue),
            "key": [
                "backend": .string(explanation.key.backendID), "model_id": .string(explanation.key.modelID),
                "task": .string(explanation.key.task), "params_hash": .string(explanation.key.paramsHash),
            ],
            "params": explanation.params,
            "stored": explanation.stored.map(JSONShapes.evalResult) ?? .null,
            "nearest": .array(
                explanation.nearest.map { candidate in
                    [
                        "entry": JSONShapes.evalResult(candidate.result),
                        "differences": .array(candidate.differences.map(JSONShapes.difference)),
                    ]
                }),
        ]
    }

    static func text(_ explanation: EvalMissExplanation, style: Style, now: Date = Date()) -> String {
        let key = explanation.key
        var text =
            "\(style.bold("key")) backend \(key.backendID), model \(TrainingBackendOptions.printable(key.modelID)), "
        text += "task \(TrainingBackendOptions.printable(key.task)), params \(TextShapes.short(key.paramsHash))\n\n"
        switch explanation.verdict {
        case .hit:
            let id = explanation.stored.map { EntryID.eval($0.id).reference } ?? "the result"
            return text + style.green("hit") + ": \(id) is stored; the task is served from the cache.\n"
        case .storedNotServed:
            guard let result = explanation.stored else { return text }
            text += style.red("not served") + ": \(EntryID.eval(result.id).reference) \(result.status.rawValue)"
            text += result.error.map { ": \(TrainingBackendOptions.printable($0))" } ?? ""
            text += "\nFailed, cancelled and unfinished results are not served: the next eval runs the task.\n"
            return text
        case .miss:
            text += style.red("miss") + ": nothing is stored for this key; an eval would run the task.\n"
        }
        guard !explanation.nearest.isEmpty else {
            return text + "\nThe store holds no other results of this backend, model and task.\n"
        }
        text += "\nStored results of this backend, model and task, as stored -> requested:\n"
        for candidate in explanation.nearest {
            let result = candidate.result
            text += "\n" + style.cyan(EntryID.eval(result.id).reference) + "  " + style.status(result.status.rawValue)
            text += "  \(HumanFormat.relative(result.createdAt, now: now))\n"
            for difference in candidate.differences {
                text += "    \(EvalMissExplanation.describe(difference, task: key.task))\n"
            }
        }
        return text
    }
}
