import ArgumentParser
import AsyncHTTPClient
import Foundation
import MOCache
import MOCacheOpenAI

/// The options of `mocache train` that choose its backend and tune how the cache runs it.
///
/// A command after `--` runs as a process backend under the `--backend` id (`openai` included).
/// Without a command, `--backend openai` fine-tunes with the OpenAI API (or the OpenAI-compatible
/// service at `OPENAI_BASE_URL`), and so does `--backend openai:NAME`, under its own id so that
/// another service's models are kept apart from OpenAI's; any other id needs a command.
struct TrainingBackendOptions: ParsableArguments {
    /// The id that means the OpenAI fine-tuning backend when no command is given.
    static let openAIBackendID = "openai"

    /// Whether a backend id without a command means the OpenAI backend: `openai` or `openai:NAME`.
    static func isOpenAI(_ backend: String) -> Bool {
        backend == openAIBackendID
            || (backend.hasPrefix(openAIBackendID + ":") && backend.count > openAIBackendID.count + 1)
    }

    @Option(
        name: .customLong("poll"),
        help: ArgumentHelp(
            "With --backend openai: how soon the job's status is asked for again, growing to 30s. Default 2s.",
            valueName: "span"))
    var pollInterval: SpanArgument?

    func validate() throws {
        if let pollInterval, pollInterval.seconds <= 0 { throw ValidationError("--poll must be longer than 0s.") }
    }

    /// Checks that the backend and the command fit together.
    static func validate(backend: String, job: JobOptions) throws {
        guard job.command.isEmpty else { return }
        guard isOpenAI(backend) else {
            throw ValidationError(
                "Give the command to run after --, such as: -- python3 finetune.py; "
                    + "or --backend openai to fine-tune with the OpenAI API.")
        }
        if job.timeout != nil {
            throw ValidationError("--timeout stops a command; with --backend openai, stop the job with Ctrl-C.")
        }
    }

    /// The backend that trains: the command as a process backend, or the OpenAI API.
    ///
    /// - Throws: ``OpenAIError`` when `OPENAI_API_KEY` is not set (before anything is sent) or
    ///   `OPENAI_BASE_URL` is not an http(s) URL.
    func backend(id: String, job: JobOptions, context: CommandContext) throws -> any TrainingBackend {
        guard job.command.isEmpty else {
            return ProcessTrainingBackend(
                backendID: id, command: job.command, timeout: job.timeLimit, echoOutput: !context.options.quiet)
        }
        let environment = try OpenAIConfiguration.fromEnvironment()
        let lowest = Duration.milliseconds(Int64(((pollInterval?.seconds ?? 2) * 1_000).rounded()))
        let configuration = OpenAIConfiguration(
            apiKey: environment.apiKey, baseURL: environment.baseURL, organization: environment.organization,
            project: environment.project, pollInterval: lowest...max(lowest, .seconds(30)))
        let console = context.console
        var onEvent: OpenAIFineTuningBackend.EventHandler?
        if console.showsProgress || (context.options.verbose && !context.options.quiet) {
            onEvent = { jobID, event in console.message("\(jobID): \(Self.printable(event.message))") }
        }
        return OpenAIFineTuningBackend(
            configuration: configuration, backendID: id, httpClient: Self.httpClient, logger: context.logger,
            onEvent: onEvent)
    }

    /// The process's one HTTP client for the API. It lives as long as the process, so it is never
    /// shut down, as `HTTPClient.shared` is not.
    private static let httpClient = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: OpenAIFineTuningBackend.httpClientConfiguration(connectTimeout: .seconds(10)))

    /// Text from the service made safe for one line on a terminal: control characters escaped.
    static func printable(_ text: String) -> String {
        String(
            text.unicodeScalars.flatMap { scalar -> [Character] in
                scalar.properties.generalCategory == .control
                    ? Array(scalar.escaped(asASCII: true)) : [Character(scalar)]
            })
    }
}
