import Foundation

/// One line of a `mocache export` file: a succeeded training run, a succeeded eval result, or a dataset
/// upload, as a JSON object that any language can read and write.
///
/// Every record has `"version": 1` and a `"kind"`: `"training_run"`, `"eval_result"` or
/// `"dataset_upload"`. The other members are the entry's key, its configuration or parameters (whose
/// hashes are checked on import), its result and its times:
///
/// ```json
/// {"backend":"process:train","config":{"base_model":"tiny","hyperparameters":{"lr":0.1},"options":{}},
///  "config_hash":"…","created_at":"2026-11-25T11:47:53.123Z","dataset_hash":"…","finished_at":"…",
///  "kind":"training_run","model_id":"ft-1","started_at":"…","status":"succeeded","version":1}
/// ```
///
/// Optional members (`metadata`, `job_id`, `started_at`, `host`, `pid`, `sample_count`, `log_path`)
/// are left out when empty; members this version does not know are ignored. Hit counts stay on the
/// machine that served them. Lines are canonical JSON, so the same store exports the same bytes.
public enum ExchangeRecord: Hashable, Sendable {
    /// The format version written and read by this mocache.
    public static let version = 1

    /// A succeeded training run. Its ``TrainingRunRecord/id``, lease and hit counts are not exchanged.
    case trainingRun(TrainingRunRecord)
    /// A succeeded eval result. Its ``EvalResultRecord/id``, lease and hit counts are not exchanged.
    case evalResult(EvalResultRecord)
    /// A dataset a backend already holds.
    case datasetUpload(DatasetUpload)

    /// The `"kind"` member.
    public var kind: String {
        switch self {
        case .trainingRun: "training_run"
        case .evalResult: "eval_result"
        case .datasetUpload: "dataset_upload"
        }
    }

    /// The record as a JSON object.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["version": .number(Double(Self.version)), "kind": .string(kind)]
        func set(_ name: String, _ value: JSONValue?) { if let value { members[name] = value } }
        func time(_ date: Date?) -> JSONValue? { date.map { .string(ISO8601Timestamp.format($0)) } }
        switch self {
        case .trainingRun(let run):
            set("backend", .string(run.key.backendID))
            set("dataset_hash", .string(run.key.datasetHash))
            set("config_hash", .string(run.key.configHash))
            set("config", run.config)
            set("status", .string(run.status.rawValue))
            set("model_id", run.modelID.map(JSONValue.string))
            set("metadata", run.metadata)
            set("job_id", run.jobID.map(JSONValue.string))
            set("created_at", time(run.createdAt))
            set("started_at", time(run.startedAt))
            set("finished_at", time(run.finishedAt))
            set("host", run.host.map(JSONValue.string))
            set("pid", run.pid.map { .number(Double($0)) })
        case .evalResult(let result):
            set("backend", .string(result.key.backendID))
            set("model_id", .string(result.key.modelID))
            set("task", .string(result.key.task))
            set("params_hash", .string(result.key.paramsHash))
            set("params", result.params)
            set("status", .string(result.status.rawValue))
            set("metrics", result.metrics.map { .object($0.mapValues(JSONValue.number)) })
            set("sample_count", result.sampleCount.map { .number(Double($0)) })
            set("log_path", result.logPath.map(JSONValue.string))
            set("job_id", result.jobID.map(JSONValue.string))
            set("created_at", time(result.createdAt))
            set("started_at", time(result.startedAt))
            set("finished_at", time(result.finishedAt))
            set("host", result.host.map(JSONValue.string))
            set("pid", result.pid.map { .number(Double($0)) })
        case .datasetUpload(let upload):
            set("backend", .string(upload.backendID))
            set("dataset_hash", .string(upload.datasetHash))
            set("file_id", .string(upload.fileID))
            set("uploaded_at", time(upload.uploadedAt))
        }
        return .object(members)
    }

    /// The record as one line of the export file: its canonical JSON, without the newline.
    public func line() throws -> String {
        try json.canonicalJSON()
    }

    /// Reads and checks a record.
    ///
    /// The checks: a known version and kind; non-empty key parts; hashes of 64 lowercase hex digits;
    /// the config or params hashing to the stated hash; a `"succeeded"` status with its result (a model
    /// id, a metrics object of finite numbers); ISO-8601 times.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidInput`` naming the JSON path
    ///   of the first problem.
    public init(json: JSONValue) throws {
        do {
            self = try Self.decode(ExchangeFields(json))
        } catch let error as ExchangeFields.Problem {
            throw MOCacheError(.invalidInput, "\(error.path): \(error.reason)")
        }
    }

    private static func decode(_ fields: ExchangeFields) throws -> ExchangeRecord {
        guard let version = try fields.optionalInteger("version") else {
            throw fields.problem("version", "missing; this is not an export record (the JSON lines CacheExport writes)")
        }
        guard version == Self.version else {
            throw fields.problem(
                "version",
                version > Self.version
                    ? "version \(version) was written by a newer mocache; upgrade mocache to import it"
                    : "unknown version \(version)")
        }
        let kind = try fields.string("kind")
        switch kind {
        case "training_run": return .trainingRun(try decodeTrainingRun(fields))
        case "eval_result": return .evalResult(try decodeEvalResult(fields))
        case "dataset_upload":
            return .datasetUpload(
                DatasetUpload(
                    backendID: try fields.identifier("backend"), datasetHash: try fields.hash("dataset_hash"),
                    fileID: try fields.string("file_id"), uploadedAt: try fields.time("uploaded_at")))
        default:
            throw fields.problem(
                "kind", "unknown kind \"\(kind)\"; expected training_run, eval_result or dataset_upload")
        }
    }

    private static func decodeTrainingRun(_ fields: ExchangeFields) throws -> TrainingRunRecord {
        let config = try fields.object("config")
        let configHash = try fields.hash("config_hash")
        try fields.checkHash(config, matches: configHash, of: "config")
        try fields.requireSucceeded()
        let metadata = try fields.optionalValue("metadata")
        return TrainingRunRecord(
            id: 0,
            key: TrainingKey(
                backendID: try fields.identifier("backend"), datasetHash: try fields.hash("dataset_hash"),
                configHash: configHash),
            config: config, status: .succeeded, jobID: try fields.optionalString("job_id"),
            modelID: try fields.identifier("model_id"), metadata: metadata == .null ? nil : metadata,
            createdAt: try fields.time("created_at"), startedAt: try fields.optionalTime("started_at"),
            finishedAt: try fields.time("finished_at"), host: try fields.optionalString("host"),
            pid: try fields.optionalPID())
    }

    private static func decodeEvalResult(_ fields: ExchangeFields) throws -> EvalResultRecord {
        let params = try fields.object("params")
        let paramsHash = try fields.hash("params_hash")
        try fields.checkHash(params, matches: paramsHash, of: "params")
        try fields.requireSucceeded()
        guard case .object(let metricValues) = try fields.value("metrics") else {
            throw fields.problem("metrics", "must be an object of metric names to numbers")
        }
        var metrics: [String: Double] = [:]
        for (name, value) in metricValues {
            guard case .number(let number) = value, number.isFinite else {
                throw ExchangeFields.Problem(
                    path: JSONPath([.key("metrics"), .key(name)]).description, reason: "must be a finite number")
            }
            metrics[name] = number
        }
        let sampleCount = try fields.optionalInteger("sample_count")
        if let sampleCount, sampleCount < 0 { throw fields.problem("sample_count", "must be 0 or more") }
        return EvalResultRecord(
            id: 0,
            key: EvalKey(
                backendID: try fields.identifier("backend"), modelID: try fields.identifier("model_id"),
                task: try fields.identifier("task"), paramsHash: paramsHash),
            params: params, status: .succeeded, jobID: try fields.optionalString("job_id"), metrics: metrics,
            sampleCount: sampleCount, logPath: try fields.optionalString("log_path"),
            createdAt: try fields.time("created_at"), startedAt: try fields.optionalTime("started_at"),
            finishedAt: try fields.time("finished_at"), host: try fields.optionalString("host"),
            pid: try fields.optionalPID())
    }
}
