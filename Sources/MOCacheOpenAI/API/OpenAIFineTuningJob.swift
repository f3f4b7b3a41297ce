import MOCacheCore

/// A fine-tuning job as the service describes it (the API's `fine_tuning.job` object).
///
/// ``status`` is kept as the service's string, so a status this version does not know (such as
/// `paused`) is reported as it is rather than failing to decode; ``jobStatus`` maps it.
public struct OpenAIFineTuningJob: Hashable, Codable, Sendable {
    /// Why a job failed, as the service says.
    public struct Failure: Hashable, Codable, Sendable {
        /// A machine-readable code, such as `invalid_training_file`.
        public let code: String?
        /// What went wrong, for a person.
        public let message: String?
        /// The request parameter at fault, when there is one.
        public let param: String?
    }

    /// The job's id, such as `ftjob-abc123`.
    public let id: String
    /// `validating_files`, `queued`, `running`, `succeeded`, `failed`, `cancelled`, or another status
    /// the service may add (`paused`).
    public let status: String
    /// The base model.
    public let model: String?
    /// The trained model's name, once the job succeeded.
    public let fineTunedModel: String?
    /// The training file's id.
    public let trainingFile: String?
    /// The validation file's id.
    public let validationFile: String?
    /// The billable tokens the job processed, once it ended.
    public let trainedTokens: Int?
    /// Why the job failed.
    public let error: Failure?
    /// When the job was created and finished, in seconds since 1970.
    public let createdAt: Int?
    /// When the job finished, in seconds since 1970.
    public let finishedAt: Int?
    /// The seed the job used.
    public let seed: Int?
    /// The result files' ids.
    public let resultFiles: [String]?
    /// The method and its hyperparameters as the service resolved them (`auto` made concrete).
    public let method: JSONValue?
    /// The hyperparameters as the service resolved them (deprecated by the API in favour of
    /// `method`, still sent).
    public let hyperparameters: JSONValue?
    /// The job's `metadata`: the key-value pairs it was created with, among them mocache's
    /// ``OpenAIFineTuningBackend/keyTagName`` tag.
    public let tags: JSONValue?

    enum CodingKeys: String, CodingKey {
        case id, status, model, error, seed, method, hyperparameters
        case fineTunedModel = "fine_tuned_model"
        case trainingFile = "training_file"
        case validationFile = "validation_file"
        case trainedTokens = "trained_tokens"
        case createdAt = "created_at"
        case finishedAt = "finished_at"
        case resultFiles = "result_files"
        case tags = "metadata"
    }

    /// The status in mocache's terms; `nil` for a status this version does not know, which is taken
    /// as not ended.
    public var jobStatus: JobStatus? {
        switch status {
        case "validating_files", "queued": .queued
        case "running": .running
        case "succeeded": .succeeded
        case "failed": .failed
        case "cancelled": .cancelled
        default: nil
        }
    }

    /// What a stored run keeps of the job: ids, the final status, trained tokens and the resolved
    /// hyperparameters, for `mocache show`.
    var metadata: JSONValue {
        var members: [String: JSONValue] = ["job_id": .string(id), "status": .string(status)]
        if let model { members["base_model"] = .string(model) }
        if let trainingFile { members["file_id"] = .string(trainingFile) }
        if let validationFile { members["validation_file_id"] = .string(validationFile) }
        if let trainedTokens { members["trained_tokens"] = .number(Double(trainedTokens)) }
        if let seed { members["seed"] = .number(Double(seed)) }
        if let resultFiles { members["result_files"] = .array(resultFiles.map(JSONValue.string)) }
        if let resolved = method?["supervised"]?["hyperparameters"] ?? hyperparameters {
            members["hyperparameters"] = resolved
        }
        return .object(members)
    }
}
