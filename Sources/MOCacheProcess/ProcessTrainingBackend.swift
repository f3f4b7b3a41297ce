import Foundation
import MOCacheCore

/// Runs any command as a training job: `python finetune.py`, a shell script, a cluster submitter.
///
/// The contract, also in the README:
/// - The request arrives as one JSON object on standard input, with the members `dataset_path`,
///   `dataset_hash`, `base_model`, `hyperparameters`, `suffix` and `options`; and in the environment
///   as `MOCACHE_DATASET_PATH`, `MOCACHE_DATASET_HASH`, `MOCACHE_BASE_MODEL`, `MOCACHE_CONFIG_FILE`
///   (a file holding the request without the dataset, as canonical JSON) and `MOCACHE_REQUEST_FILE`
///   (a file holding all of it). `MOCACHE_CONFIG_JSON` and `MOCACHE_REQUEST_JSON` hold the same text
///   when it is at most 32 KiB; longer values are left out of the environment, whose size the system
///   limits.
/// - The command's last line on standard output is a JSON object with a non-empty string `model_id`;
///   its other members are kept as the model's metadata.
/// - A non-zero exit is a failure carrying the tail of standard error. A timeout or a cancellation
///   ends the command's whole process group.
///
/// A child process ends with the worker that started it, so jobs cannot be re-attached: when a
/// worker dies, the next one runs the command again.
///
/// ```swift
/// let trainer = ProcessTrainingBackend(command: ["python3", "finetune.py"])
/// let cached = CachedTrainingBackend(trainer, store: store)
/// let model = try await cached.train(request)
/// ```
public struct ProcessTrainingBackend: TrainingBackend {
    public let backendID: String
    /// The command run for each training job, and how it runs.
    public let command: ProcessCommand

    /// Makes a backend that runs `command` for each training job.
    ///
    /// - Parameters:
    ///   - backendID: The id in the cache keys. Give each distinct training program its own id
    ///     (`"process:sft"`, `"process:dpo"`): runs of different programs must not share keys.
    ///   - command: The command, with its working directory, environment, time limit and echo.
    public init(backendID: String = "process:train", command: ProcessCommand) {
        self.backendID = backendID
        self.command = command
    }

    /// Makes a backend that runs `command` for each training job: the other arguments
    /// make its ``ProcessCommand``.
    ///
    /// - Parameter backendID: The id in the cache keys. Give each distinct training program its own
    ///   id (`"process:sft"`, `"process:dpo"`): runs of different programs must not share keys.
    public init(
        backendID: String = "process:train", command: [String], workingDirectory: String? = nil,
        environment: [String: String] = [:], timeout: Duration? = nil, echoOutput: Bool = false
    ) {
        self.init(
            backendID: backendID,
            command: ProcessCommand(
                arguments: command, workingDirectory: workingDirectory, environment: environment, timeout: timeout,
                echoOutput: echoOutput))
    }

    public func startTraining(_ request: TrainingRequest, data: PreparedDataset) async throws -> any TrainingRun {
        let datasetPath = try DatasetFile.path(for: data)
        var input: [String: JSONValue] = [
            "dataset_path": .string(datasetPath),
            "dataset_hash": .string(data.hash),
            "base_model": .string(request.baseModel),
            "hyperparameters": request.hyperparameters,
            "suffix": request.suffix.map(JSONValue.string) ?? .null,
            "options": request.options,
        ]
        let config = try TrainingConfiguration.json(for: request).canonicalJSON()
        if let fileID = data.uploadedFileID { input["dataset_file_id"] = .string(fileID) }
        let job = try await ProcessJob(
            command,
            variables: [
                "MOCACHE_DATASET_PATH": datasetPath,
                "MOCACHE_DATASET_HASH": data.hash,
                "MOCACHE_BASE_MODEL": request.baseModel,
            ],
            documents: ["CONFIG": config, "REQUEST": try JSONValue.object(input).canonicalJSON()],
            input: .object(input))
        return ProcessTrainingRun(job: job, backendID: backendID, request: request)
    }
}

/// A training job that is a running command.
struct ProcessTrainingRun: TrainingRun {
    let job: ProcessJob
    let backendID: String
    let request: TrainingRequest

    var jobID: String { "\(Worker.current.host):\(job.pid)" }

    var snapshot: TrainingRunSnapshot {
        TrainingRunSnapshot(backendID: backendID, jobID: jobID, request: request)
    }

    func status() async throws -> JobStatus {
        guard job.hasEnded else { return .running }
        do {
            _ = try await wait()
            return .succeeded
        } catch let error as MOCacheError where error.code == .cancelled {
            return .cancelled
        } catch {
            return .failed
        }
    }

    func wait() async throws -> TrainedModel {
        var result = try await job.result()
        guard case .string(let modelID)? = result.removeValue(forKey: "model_id"), !modelID.isEmpty else {
            throw MOCacheError(
                .jobFailed,
                "`\(job.commandLine)` printed a JSON object without a non-empty string \"model_id\" "
                    + "on its last line; a training command must end by printing {\"model_id\": \"...\"}.")
        }
        if let problem = IdentifierText.problem(modelID) {
            throw MOCacheError(
                .jobFailed,
                "`\(job.commandLine)` printed a model id that \(problem). Change the command so that it "
                    + "prints the model id as plain text; nothing was stored.")
        }
        return TrainedModel(modelID: modelID, metadata: result.isEmpty ? nil : .object(result), jobID: jobID)
    }

    func cancel() async throws {
        job.cancel()
    }
}
