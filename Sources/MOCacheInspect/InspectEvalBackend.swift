import Foundation
import MOCacheCore

/// Evaluates models with inspect-ai: runs the real `inspect eval` program once per task and reads the
/// task's JSON log.
///
/// Tasks are named `FILE@TASK` (see ``InspectTaskReference``); the request's params have the shape of
/// ``InspectEvalParameters``. Each task runs as
/// `inspect eval FILE@TASK --model MODEL [-T k=v …] [--limit N] [--epochs N] --log-dir DIR
/// --log-format json --json --no-fail-on-error`, in a process group of its own (a timeout or a cancel
/// ends everything inspect started), with `XDG_DATA_HOME` in a temporary folder. A task is a result
/// only when its log says `success`, every task argument reached the task (inspect ignores unknown
/// ones silently) and no sample raised; otherwise it fails with inspect's own message.
///
/// Make requests with ``request(modelID:tasks:taskArguments:limit:epochs:hashTaskFile:)``, which puts
/// the SHA-256 of the task file in the params, so that an edited task file is a cache miss:
///
/// ```swift
/// let inspect = InspectEvalBackend(program: ".venv/bin/inspect")
/// let evals = CachedEvalBackend(inspect, store: store)
/// let request = try inspect.request(modelID: "openai/gpt-4o-mini", tasks: ["evals/quiz.py@quiz"], limit: 50)
/// let results = try await evals.evaluate(request)
/// print(results.tasks["evals/quiz.py@quiz"]?.metrics["accuracy"] ?? .nan)
/// ```
public struct InspectEvalBackend: EvalBackend {
    public let backendID: String
    /// The inspect program: a path, or a name searched in `PATH`.
    public let program: String
    /// Where inspect runs, and what relative task files are relative to; `nil` for the current directory.
    public let workingDirectory: String?
    /// Variables added to the environment inspect inherits (`OPENAI_BASE_URL`, say).
    public let environment: [String: String]
    /// Where inspect's logs are kept, which results then name in ``EvalTaskResult/logPath``; `nil` to
    /// let them go with the run's temporary folder once they have been read.
    public let logDirectory: String?
    /// How long one task may run before inspect and its process group are stopped; `nil` for no limit.
    public let timeout: Duration?
    /// Copy inspect's output to standard error while it runs.
    public let echoOutput: Bool

    /// Makes a backend that runs `program`.
    ///
    /// - Parameters:
    ///   - backendID: The id in the cache keys.
    ///   - program: The inspect program: a path, or a name searched in `PATH`.
    ///   - workingDirectory: Where inspect runs; `nil` for the current directory.
    ///   - environment: Variables added to the environment inspect inherits.
    ///   - logDirectory: Where inspect's logs are kept; `nil` to delete them once read.
    ///   - timeout: How long one task may run; `nil` for no limit.
    ///   - echoOutput: Copy inspect's output to standard error while it runs.
    public init(
        backendID: String = "inspect", program: String = "inspect", workingDirectory: String? = nil,
        environment: [String: String] = [:], logDirectory: String? = nil, timeout: Duration? = nil,
        echoOutput: Bool = false
    ) {
        self.backendID = backendID
        self.program = program
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.logDirectory = logDirectory
        self.timeout = timeout
        self.echoOutput = echoOutput
    }

    /// A request to evaluate `modelID` on tasks of one task file, with the file's SHA-256 in its params.
    ///
    /// - Parameters:
    ///   - modelID: The model, exactly as inspect names it (`openai/gpt-4o-mini`).
    ///   - tasks: The tasks, `FILE@TASK`, all of one file.
    ///   - taskArguments: The task arguments (`-T`).
    ///   - limit: How many samples to run; `nil` for all.
    ///   - epochs: How many epochs; `nil` for the task's own.
    ///   - hashTaskFile: Put the task file's SHA-256 in the key, so that an edited file is a miss.
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/invalidInput`` when a task is not `FILE@TASK`,
    ///   the tasks are in several files, or the file cannot be read.
    public func request(
        modelID: String, tasks: [String], taskArguments: [String: JSONValue] = [:], limit: Int? = nil,
        epochs: Int? = nil, hashTaskFile: Bool = true
    ) throws -> EvalRequest {
        let references = try tasks.map(InspectTaskReference.init(parsing:))
        let files = Set(references.map(\.file))
        if files.count > 1 {
            throw MOCacheError(
                .invalidInput,
                "One inspect request takes the tasks of one task file, so that each task's key holds its own "
                    + "file's hash; these are in \(files.sorted().joined(separator: ", ")). Make a request per file.")
        }
        let digest = try references.first.flatMap { reference in
            hashTaskFile ? try InspectTaskFile.sha256(of: reference, workingDirectory: workingDirectory) : nil
        }
        let parameters = InspectEvalParameters(
            taskArguments: taskArguments, limit: limit, epochs: epochs, taskFileSHA256: digest)
        return EvalRequest(modelID: modelID, tasks: tasks, params: parameters.json)
    }

    public func startEval(_ request: EvalRequest) async throws -> any EvalJob {
        let parameters = try InspectEvalParameters(json: request.params)
        let tasks = try request.tasks.map(InspectTaskReference.init(parsing:))
        let program = try Self.locate(program, environment: environment)
        return InspectEvalJob(
            backend: self, program: program, modelID: request.modelID, tasks: tasks, parameters: parameters)
    }

    /// The path of `program`: as it is when it has a slash, else the first executable of that name in
    /// `PATH` (the backend's environment's, or this process's).
    ///
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/invalidInput`` saying how to install inspect-ai.
    public static func locate(_ program: String, environment: [String: String] = [:]) throws -> String {
        let install =
            "Install inspect-ai (python3 -m venv .venv && .venv/bin/pip install inspect-ai openai) and give "
            + "the program's path, or put it on PATH."
        if program.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: program) else {
                throw MOCacheError(
                    .invalidInput,
                    "The inspect program \(program) does not exist or cannot be run. "
                        + install, path: program)
            }
            return program
        }
        let searchPath = environment["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw MOCacheError(.invalidInput, "The inspect program `\(program)` was not found on PATH. " + install)
    }
}
