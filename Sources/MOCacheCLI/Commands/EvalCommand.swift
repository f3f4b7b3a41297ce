import ArgumentParser
import Foundation
import MOCache
import MOCacheInspect

/// `mocache eval`: runs any command as an eval harness, or inspect-ai, task by task, through the cache.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run a command as an eval harness through the cache, once per task not yet stored.",
        discussion: """
            The command runs once per missing task, gets model_id, task and params as JSON on standard input \
            and in MOCACHE_* environment variables, and must print {"metrics": {"name": number, ...}} as its \
            last line on standard output; its output is copied to standard error. Stored tasks are served \
            without running it. Exits 1 when a task failed (the others are stored all the same).

            Example: mocache eval --backend process:harness --model ft-abc --task mmlu gsm8k -- python3 run_eval.py

            With --backend inspect and no command, each task is FILE@TASK and runs with inspect-ai's `inspect eval` \
            (--inspect, MOCACHE_INSPECT, or inspect on PATH); the key holds the task file's SHA-256, the task \
            arguments, --limit and --epochs. See docs/inspect.md.

            Example: mocache eval --backend inspect --model openai/gpt-4o-mini --task evals/quiz.py@quiz --limit 50
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The backend id in the cache key; give each harness its own.")
    var backend: String

    @Option(help: "The model id to evaluate (exactly as the backend knows it).")
    var model: String

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("The tasks (repeat the option, or list them after it).", valueName: "task"))
    var task: [String] = []

    @Option(help: ArgumentHelp("The eval parameters (a JSON object), shared by every task.", valueName: "file"))
    var params: String?

    @OptionGroup var job: JobOptions

    @OptionGroup(title: "inspect-ai") var inspect: InspectEvalOptions

    /// Whether the tasks run with inspect-ai: `--backend inspect` (or `inspect:NAME`) and no command.
    var runsInspect: Bool { job.command.isEmpty && InspectEvalOptions.isInspect(backend) }

    func validate() throws {
        if runsInspect {
            if params != nil {
                throw ValidationError(
                    "--params is for a command's harness; with --backend inspect give --task-arg, --limit and --epochs."
                )
            }
        } else {
            if job.command.isEmpty {
                throw ValidationError(
                    "Give the command to run after --, such as: -- python3 run_eval.py; "
                        + "or --backend inspect to run inspect-ai tasks (FILE@TASK).")
            }
            if inspect.anyGiven {
                throw ValidationError(
                    "--task-arg, --limit, --epochs, --inspect, --inspect-log-dir and --ignore-task-file-changes "
                        + "are for --backend inspect without a command.")
            }
        }
        if task.isEmpty { throw ValidationError("Give at least one --task.") }
        if backend.isEmpty || model.isEmpty { throw ValidationError("--backend and --model must not be empty.") }
    }

    func run() async throws {
        try await global.run { context in
            var parameters = JSONValue.object([:])
            if let params {
                do {
                    parameters = try JSONValue(parsing: try CanonicalCommand.read(params))
                } catch let error as MOCacheError {
                    throw MOCacheError(error.code, "\(params): \(error.message)", path: params)
                }
                guard parameters.objectValue != nil else {
                    throw MOCacheError(
                        .invalidConfig, "\(params): $: eval parameters must be a JSON object.", path: params)
                }
            }
            let harness: any EvalBackend
            let requests: [EvalRequest]
            if runsInspect {
                let backend = try inspect.backend(id: backend, timeout: job.timeLimit, echoOutput: !global.quiet)
                harness = backend
                requests = try inspect.requests(backend: backend, modelID: model, tasks: task)
            } else {
                harness = ProcessEvalBackend(
                    backendID: backend, command: job.command, timeout: job.timeLimit, echoOutput: !global.quiet)
                requests = [EvalRequest(modelID: model, tasks: task, params: parameters)]
            }
            let results = try await context.withStore(for: job.policy) { store in
                let evaluator = CachedEvalBackend(
                    harness, store: store, policy: job.policy, leaseDuration: job.leaseDuration, logger: context.logger)
                let interrupts = Interrupts()
                defer { interrupts.stop() }
                do {
                    var tasks: [String: EvalTaskResult] = [:]
                    var failures: [String: String] = [:]
                    // One request per inspect task file (each key holds its own file's hash); one otherwise.
                    for request in requests {
                        let starting = Task { try await evaluator.start(request) }
                        interrupts.onInterrupt { starting.cancel() }
                        let suite = try await starting.value
                        interrupts.onInterrupt {
                            Task {
                                do {
                                    try await suite.cancel()
                                } catch {
                                    context.logger.warning(
                                        "could not cancel the eval", metadata: ["error": "\(error)"])
                                }
                            }
                        }
                        let results = try await suite.wait()
                        // A job cancelled by the signal ends as a failed task: the signal is what to report.
                        if interrupts.wasInterrupted { throw CancellationError() }
                        tasks.merge(results.tasks) { $1 }
                        failures.merge(results.failures) { $1 }
                    }
                    return EvalResults(modelID: model, tasks: tasks, failures: failures)
                } catch  where interrupts.wasInterrupted {
                    context.console.error(
                        code: "cancelled",
                        message: "Interrupted: the eval was cancelled; its unfinished tasks are recorded cancelled.",
                        path: nil)
                    throw ExitCode(Interrupts.exitStatus)
                }
            }
            print(results, context: context)
            if !results.failures.isEmpty { throw CommandFailure() }
        }
    }

    private func print(_ results: EvalResults, context: CommandContext) {
        let order = task.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        switch context.format {
        case .json:
            context.console.writeJSON([
                "model_id": .string(results.modelID),
                "policy": .string(job.policy.rawValue),
                "tasks": .object(
                    results.tasks.mapValues { result in
                        [
                            "metrics": .object(result.metrics.mapValues(JSONValue.number)),
                            "sample_count": JSONShapes.integer(result.sampleCount),
                            "log_path": JSONShapes.string(result.logPath),
                            "served_from_cache": .bool(result.servedFromCache),
                        ]
                    }),
                "failures": .object(results.failures.mapValues(JSONValue.string)),
            ])
        case .text:
            let style = context.console.out
            var table = TextTable([
                .init("TASK"), .init("METRICS"), .init("SAMPLES", rightAligned: true), .init("SOURCE"),
            ])
            for name in order {
                if let result = results.tasks[name] {
                    table.append([
                        TextTable.Cell(name), TextTable.Cell(TextShapes.metrics(result.metrics)),
                        TextTable.Cell(result.sampleCount.map { "\($0)" } ?? "-"),
                        result.servedFromCache
                            ? TextTable.Cell("cache", styled: style.green) : TextTable.Cell("computed"),
                    ])
                } else if results.failures[name] != nil {
                    table.append([TextTable.Cell(name), "-", "-", TextTable.Cell("failed", styled: style.red)])
                }
            }
            context.console.write(table.render(style: style))
            for (name, error) in results.failures.sorted(by: { $0.key < $1.key }) {
                context.console.error(code: "job_failed", message: "task \(name) failed: \(error)", path: nil)
            }
        }
    }
}
