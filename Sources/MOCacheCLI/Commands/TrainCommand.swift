import ArgumentParser
import Foundation
import Logging
import MOCache

/// `mocache train`: runs any command as a training job, through the cache.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Run a command as a training job through the cache: a hit prints the stored model at once.",
        discussion: """
            The command gets the request as JSON on standard input and in MOCACHE_* environment variables, \
            and must print {"model_id": "..."} as its last line on standard output; its output is copied to \
            standard error. The model id goes to standard output (with --format json, the whole record). \
            Many of these can run at once on one database: each key runs once, the others wait for it.

            Example: mocache train --backend process:sft --dataset data/train.jsonl --config sft.json -- python3 finetune.py

            With --backend openai and no command, fine-tunes with the OpenAI API (OPENAI_API_KEY, OPENAI_BASE_URL); \
            see docs/openai.md.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The backend id in the cache key; give each training program its own (process:sft).")
    var backend: String

    @Option(help: ArgumentHelp("The training data file.", valueName: "file"))
    var dataset: String

    @Option(
        help: ArgumentHelp(
            "The training configuration (JSON): base_model, hyperparameters, options, suffix.", valueName: "file"))
    var config: String

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Set one value of the config, such as hyperparameters.learning_rate=0.05 (repeatable).",
            valueName: "path=value"),
        transform: ConfigSetting.init(argument:))
    var settings: [ConfigSetting] = []

    @Option(help: "A label of your own in the key (a code version, say): change it to train again.")
    var namespace: String?

    @Option(help: "1, 2, ... to train the same configuration again on purpose, under its own key.")
    var replicate: Int?

    @OptionGroup var job: JobOptions

    @OptionGroup var backendOptions: TrainingBackendOptions

    func validate() throws {
        if backend.isEmpty { throw ValidationError("--backend must not be empty.") }
        try TrainingBackendOptions.validate(backend: backend, job: job)
        if let replicate, replicate < 0 { throw ValidationError("--replicate must be 0 or more.") }
    }

    func run() async throws {
        try await global.run { context in
            let file = try TrainingInput.configFile(config, settings: settings)
            let request = file.request(dataset: .file(path: dataset))
            let namespace = try file.namespace(overriddenBy: namespace, source: config)
            let replicate = try file.replicate(overriddenBy: replicate, source: config)
            guard FileManager.default.fileExists(atPath: dataset) else {
                throw MOCacheError(.datasetMissing, "Dataset \(dataset) does not exist. Check the path.", path: dataset)
            }
            let backend = try backendOptions.backend(id: backend, job: job, context: context)
            let clock = ContinuousClock()
            let started = clock.now
            let (model, entry) = try await context.withStore(for: job.policy) { store in
                let trainer = CachedTrainingBackend(
                    backend, store: store, namespace: namespace, policy: job.policy,
                    leaseDuration: job.leaseDuration, logger: context.logger)
                let interrupts = Interrupts()
                defer { interrupts.stop() }
                do {
                    return try await Self.train(
                        request, replicate: replicate, with: trainer, entry: context.format == .json,
                        interrupts: interrupts, logger: context.logger)
                } catch  where interrupts.wasInterrupted {
                    context.console.error(code: "cancelled", message: "Interrupted: the job was cancelled.", path: nil)
                    throw ExitCode(Interrupts.exitStatus)
                }
            }
            let elapsed = clock.now - started
            switch context.format {
            case .json:
                context.console.writeJSON([
                    "model_id": .string(model.modelID), "served_from_cache": .bool(model.servedFromCache),
                    "job_id": JSONShapes.string(model.jobID), "metadata": model.metadata ?? .null,
                    "policy": .string(job.policy.rawValue),
                    "entry": entry.map(JSONShapes.trainingRun) ?? .null,
                ])
            case .text:
                context.console.write(TerminalText.escaped(model.modelID) + "\n")
                let id = model.entryID.map { " (\(EntryID.training($0).reference))" } ?? ""
                if model.servedFromCache {
                    context.console.message(context.console.err.green("served from the cache") + id)
                } else {
                    context.console.message(
                        "trained in \(HumanFormat.duration(elapsed.timeInterval))"
                            + (model.entryID != nil ? "; stored\(id)" : "; not stored (policy \(job.policy.rawValue))"))
                }
            }
        }
    }

    /// Trains through the cache, or serves the stored model: what `mocache train` does with the store.
    ///
    /// The model comes back with its key and entry id, so nothing is hashed or looked up again: the text
    /// output needs nothing more, and the entry that `--format json` prints (when `entry` is set) is read
    /// by its id.
    ///
    /// - Parameters:
    ///   - request: What to train.
    ///   - replicate: The replicate index, part of the key.
    ///   - trainer: The cached backend, on the store.
    ///   - entry: Whether to read the stored entry, for `--format json`.
    ///   - interrupts: Where Ctrl-C cancels hashing, starting and then the job; `nil` in tests.
    ///   - logger: Where a cancellation that fails is reported.
    /// - Returns: The model, and its stored entry when `entry` is set and the model has one.
    static func train(
        _ request: TrainingRequest, replicate: Int, with trainer: CachedTrainingBackend, entry: Bool,
        interrupts: Interrupts?, logger: Logger = Logger(label: "mocache")
    ) async throws -> (TrainedModel, TrainingRunRecord?) {
        // Hashing the dataset and starting the job stop on a signal too.
        let starting = Task { try await trainer.start(request, replicate: replicate) }
        interrupts?.onInterrupt { starting.cancel() }
        let run = try await starting.value
        // Cancels the job run here; a worker waiting for another process's job stops waiting (that job
        // goes on) and starts nothing.
        interrupts?.onInterrupt {
            Task {
                do {
                    try await run.cancel()
                } catch {
                    logger.warning("could not cancel the job", metadata: ["error": "\(error)"])
                }
            }
        }
        let model = try await run.wait()
        guard entry, let id = model.entryID else { return (model, nil) }
        return (model, try await trainer.store.trainingRuns(matching: TrainingRunFilter(ids: [id])).first)
    }
}
