import ArgumentParser
import Foundation
import MOCache

/// `mocache sweep FILE`: runs a grid of training configurations, and their evals, through the cache.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a sweep file's grid of trainings (and their evals) through the cache: only missing cells run.",
        discussion: """
            FILE (YAML or JSON) gives the training (backend, command, dataset, config), a grid of config paths \
            and their values (the cartesian product is merged into the config), optional evals (backend, \
            command, tasks) and how many jobs run at once. Stored cells are served; identical cells run \
            once; a failed cell is reported and the others finish (exit 1). See docs/sweeps.md.

            Example: mocache sweep sweep.yaml --jobs 2 --set hyperparameters.epochs=5
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The sweep file (YAML or JSON).", valueName: "file"))
    var file: String

    @Option(help: "At most this many jobs at once (the file's jobs:, else 1).")
    var jobs: Int?

    @Flag(help: "Change nothing: print which cells are stored, which will run, and an estimate of their compute.")
    var plan = false

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Set one value of the training config, such as hyperparameters.learning_rate=0.05 (repeatable); "
                + "a grid key set this way is not swept.",
            valueName: "path=value"),
        transform: ConfigSetting.init(argument:))
    var settings: [ConfigSetting] = []

    @OptionGroup var job: JobOptions

    @OptionGroup var backendOptions: TrainingBackendOptions

    func validate() throws {
        if let jobs, !(1...1_000).contains(jobs) { throw ValidationError("--jobs must be from 1 to 1000.") }
        if !job.command.isEmpty {
            throw ValidationError("The sweep file gives the commands (train.command, eval.command): leave out --.")
        }
    }

    func run() async throws {
        try await global.run(formats: [.text, .json, .csv]) { context in
            let sweep = try SweepFile(parsing: try Self.text(of: file), source: file).applying(settings)
            let cells = try sweep.cells(source: file)
            try check(sweep)
            let limit = jobs ?? sweep.jobs ?? 1
            if plan {
                try await printPlan(sweep, cells: cells, limit: limit, context: context)
                return
            }
            let (planned, outcomes) = try await execute(sweep, cells: cells, limit: limit, context: context)
            let table = SweepResultTable(plan: planned, outcomes: outcomes, tasks: sweep.evaluation?.tasks ?? [])
            switch context.dataFormat {
            case .text: context.console.write(table.text(style: context.console.out))
            case .json: context.console.writeJSON(table.json())
            case .csv: context.console.write(table.csv())
            }
            guard table.failedCells > 0 else { return }
            for cell in planned.cells {
                let outcome = outcomes[planned.jobOfCell[cell.index]]
                guard let error = outcome.error else { continue }
                context.console.error(
                    code: "job_failed",
                    message: "cell \(cell.index + 1) (\(cell.label.isEmpty ? "no grid" : cell.label)) failed: "
                        + TrainingBackendOptions.printable(error),
                    path: nil)
            }
            context.console.message(
                "\(table.failedCells) of \(planned.cells.count) cells failed; the others are stored. "
                    + "Fix the cause and run the sweep again: only the missing cells run.")
            throw CommandFailure()
        }
    }

    /// The file's text.
    static func text(of file: String) throws -> String {
        let data = try CanonicalCommand.read(file)
        guard let text = String(data: data, encoding: .utf8) else {
            throw MOCacheError(.invalidConfig, "\(file) is not UTF-8 text; save it as UTF-8.", path: file)
        }
        return text
    }

    /// The checks that need the file system, before anything runs: the dataset and the commands exist.
    private func check(_ sweep: SweepFile) throws {
        let dataset = sweep.training.dataset
        guard FileManager.default.fileExists(atPath: dataset) else {
            throw MOCacheError(
                .datasetMissing,
                "\(file): train.dataset \(dataset) does not exist. Check the path (relative paths are from the "
                    + "folder mocache runs in).", path: dataset)
        }
        try CommandLookup.check(sweep.training.command, member: "train.command", source: file)
        if let evaluation = sweep.evaluation { try SweepEvalBackends.check(evaluation, source: file) }
    }

    private func printPlan(_ sweep: SweepFile, cells: [SweepCell], limit: Int, context: CommandContext) async throws {
        let planned = try await context.withStore(for: job.policy == .off ? .off : .readOnly) { store in
            let hash = try await DatasetHasher.hash(
                .file(path: sweep.training.dataset), memo: store, updatingMemo: false)
            return try await SweepPlan.make(sweep: sweep, cells: cells, datasetHash: hash, jobs: limit, store: store)
        }
        let view = SweepPlanView(
            plan: planned, trainingBackend: sweep.training.backend, evalBackend: sweep.evaluation?.backend)
        switch context.dataFormat {
        case .text: context.console.write(view.text(style: context.console.out))
        case .json: context.console.writeJSON(view.json())
        case .csv: context.console.write(view.csv())
        }
    }

    private func execute(_ sweep: SweepFile, cells: [SweepCell], limit: Int, context: CommandContext) async throws
        -> (SweepPlan, [SweepJobOutcome])
    {
        let mode: SweepProgress.Mode =
            global.quiet ? .silent : (context.console.showsProgress ? .live : .events)
        // The jobs' own output goes with the event lines; it would break a live table.
        let echo = mode == .events
        var trainingJob = job
        trainingJob.command = sweep.training.command
        let backend: any TrainingBackend =
            sweep.training.command.isEmpty
            ? try backendOptions.backend(id: sweep.training.backend, job: trainingJob, context: context)
            : ProcessTrainingBackend(
                backendID: sweep.training.backend, command: sweep.training.command, timeout: job.timeLimit,
                echoOutput: echo)
        return try await context.withStore(for: job.policy) { store in
            let interrupts = Interrupts()
            defer { interrupts.stop() }
            let updating = job.policy == .use || job.policy == .refresh
            let hash = try await DatasetHasher.hash(
                .file(path: sweep.training.dataset), memo: store, updatingMemo: updating)
            let planned = try await SweepPlan.make(
                sweep: sweep, cells: cells, datasetHash: hash, jobs: limit, store: store)
            var trainers: [String: CachedTrainingBackend] = [:]
            for cell in cells where trainers[SweepRunner.trainerKey(cell.config.namespace)] == nil {
                trainers[SweepRunner.trainerKey(cell.config.namespace)] = CachedTrainingBackend(
                    backend, store: store, namespace: cell.config.namespace, policy: job.policy,
                    leaseDuration: job.leaseDuration, logger: context.logger)
            }
            let evaluator = sweep.evaluation.map {
                CachedEvalBackend(
                    SweepEvalBackends.backend(for: $0, timeout: job.timeLimit, echoOutput: echo), store: store,
                    policy: job.policy, leaseDuration: job.leaseDuration, logger: context.logger)
            }
            let progress = SweepProgress(plan: planned, mode: mode, style: context.console.err)
            let handles = SweepHandles()
            let runner = SweepRunner(
                plan: planned, sweep: sweep, trainers: trainers, evaluator: evaluator, limit: limit,
                progress: progress, handles: handles, logger: context.logger)
            progress.start()
            let running = Task { await runner.run() }
            let logger = context.logger
            interrupts.onInterrupt {
                running.cancel()
                Task {
                    await handles.cancelAll { error in
                        logger.warning("could not cancel a job", metadata: ["error": "\(error)"])
                    }
                }
            }
            let outcomes = await running.value
            progress.finish()
            if interrupts.wasInterrupted {
                context.console.error(
                    code: "cancelled",
                    message: "Interrupted: the running jobs were cancelled (recorded cancelled); no other cell "
                        + "was started.",
                    path: nil)
                throw ExitCode(Interrupts.exitStatus)
            }
            return (planned, outcomes)
        }
    }
}
