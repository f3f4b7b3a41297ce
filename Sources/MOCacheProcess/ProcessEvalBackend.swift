import Foundation
import MOCacheCore

/// Runs any command as an evaluation harness, once per task.
///
/// The contract, also in the README:
/// - Each run gets one task: a JSON object on standard input with `model_id`, `task` and `params`,
///   and the environment variables `MOCACHE_MODEL_ID`, `MOCACHE_TASK` and `MOCACHE_PARAMS_FILE` (a file
///   holding the params as canonical JSON), with `MOCACHE_PARAMS_JSON` holding the same text when it
///   is at most 32 KiB.
/// - Its last line on standard output is a JSON object: `{"metrics": {"accuracy": 0.91, ...}}`, with
///   finite numbers as metric values, and optionally `sample_count` (an integer) and `log_path`.
/// - A non-zero exit fails that task only; the other tasks still run and keep their scores.
///
/// ```swift
/// let harness = ProcessEvalBackend(command: ["python3", "run_eval.py"])
/// let cached = CachedEvalBackend(harness, store: store)
/// let results = try await cached.evaluate(EvalRequest(modelID: model.modelID, tasks: ["mmlu", "gsm8k"]))
/// ```
public struct ProcessEvalBackend: EvalBackend {
    public let backendID: String
    /// The command run for each task, and how it runs; its timeout limits each task.
    public let command: ProcessCommand

    /// Makes a backend that runs `command` once for each task.
    ///
    /// - Parameters:
    ///   - backendID: The id in the cache keys; give each distinct harness its own.
    ///   - command: The command, with its working directory, environment, time limit (per task) and echo.
    public init(backendID: String = "process:eval", command: ProcessCommand) {
        self.backendID = backendID
        self.command = command
    }

    /// Makes a backend that runs `command` once for each task: the other arguments
    /// make its ``ProcessCommand``.
    ///
    /// - Parameter backendID: The id in the cache keys; give each distinct harness its own.
    public init(
        backendID: String = "process:eval", command: [String], workingDirectory: String? = nil,
        environment: [String: String] = [:], timeout: Duration? = nil, echoOutput: Bool = false
    ) {
        self.init(
            backendID: backendID,
            command: ProcessCommand(
                arguments: command, workingDirectory: workingDirectory, environment: environment, timeout: timeout,
                echoOutput: echoOutput))
    }

    public func startEval(_ request: EvalRequest) async throws -> any EvalJob {
        ProcessEvalJob(backend: self, request: request, params: try request.params.canonicalJSON())
    }

    /// Starts the command for one task.
    func startTask(_ task: String, request: EvalRequest, params: String) async throws -> ProcessJob {
        let input: JSONValue = .object([
            "model_id": .string(request.modelID), "task": .string(task), "params": request.params,
        ])
        return try await ProcessJob(
            command, variables: ["MOCACHE_MODEL_ID": request.modelID, "MOCACHE_TASK": task],
            documents: ["PARAMS": params], input: input)
    }

    /// Reads one task's result object: a pure function.
    static func taskResult(from object: [String: JSONValue], command: String) throws -> EvalTaskResult {
        let shape = "an eval command must end by printing {\"metrics\": {\"name\": number, ...}}"
        guard case .object(let metricValues)? = object["metrics"] else {
            throw MOCacheError(.jobFailed, "`\(command)` printed no \"metrics\" object on its last line; \(shape).")
        }
        var metrics: [String: Double] = [:]
        for (name, value) in metricValues {
            guard case .number(let number) = value, number.isFinite else {
                throw MOCacheError(
                    .jobFailed, "`\(command)` printed metric \"\(name)\" that is not a finite number; \(shape).")
            }
            metrics[name] = number
        }
        var sampleCount: Int?
        if let value = object["sample_count"], value != .null {
            guard case .number(let number) = value, number >= 0, number == number.rounded(), number < 1e15 else {
                throw MOCacheError(.jobFailed, "`\(command)` printed a \"sample_count\" that is not a whole number.")
            }
            sampleCount = Int(number)
        }
        var logPath: String?
        if let value = object["log_path"], value != .null {
            guard case .string(let path) = value else {
                throw MOCacheError(.jobFailed, "`\(command)` printed a \"log_path\" that is not a string.")
            }
            logPath = path
        }
        return EvalTaskResult(metrics: metrics, sampleCount: sampleCount, logPath: logPath)
    }
}

/// An evaluation suite run as one command per task, one after the other.
final class ProcessEvalJob: EvalJob {
    let jobID: String? = nil
    private let current = Locked<ProcessJob?>(nil)
    private let cancelled = Locked(false)
    private let finished = Locked(false)
    private let outcome: Task<EvalResults, any Error>

    init(backend: ProcessEvalBackend, request: EvalRequest, params: String) {
        let current = self.current
        let cancelled = self.cancelled
        let finished = self.finished
        outcome = Task {
            defer { finished.withLock { $0 = true } }
            var scored: [String: EvalTaskResult] = [:]
            var failures: [String: String] = [:]
            for task in request.tasks {
                if cancelled.value { throw MOCacheError(.cancelled, "The eval of \(request.modelID) was cancelled.") }
                do {
                    let job = try await backend.startTask(task, request: request, params: params)
                    current.withLock { $0 = job }
                    if cancelled.value { job.cancel() }  // cancel() came while the command was starting
                    let object = try await job.result()
                    scored[task] = try ProcessEvalBackend.taskResult(from: object, command: job.commandLine)
                } catch let error as MOCacheError where error.code == .cancelled {
                    throw error
                } catch {
                    failures[task] = "\(error)"
                }
            }
            return EvalResults(modelID: request.modelID, tasks: scored, failures: failures)
        }
    }

    func status() async throws -> JobStatus {
        guard finished.value else { return .running }
        do {
            let results = try await wait()
            return results.failures.isEmpty ? .succeeded : .failed
        } catch {
            return cancelled.value ? .cancelled : .failed
        }
    }

    func wait() async throws -> EvalResults {
        try await outcome.value
    }

    func cancel() async throws {
        cancelled.withLock { $0 = true }
        current.value?.cancel()
    }
}
