import AsyncHTTPClient
import Foundation
import Logging
import MOCacheCore

/// Fine-tunes models with the OpenAI API, or any OpenAI-compatible service.
///
/// Wrap it in ``MOCacheCore/CachedTrainingBackend`` so that each job is paid for once: the wrapper
/// uploads a dataset once per dataset hash and reuses the file id (uploading again when the service
/// no longer has the file), records the job id before waiting so that a crashed process's successor
/// re-attaches to the running job instead of starting another, and serves the fine-tuned model from
/// the store afterwards.
///
/// The dataset must be JSONL of chat examples; it is checked locally before upload. Hyperparameters
/// (`n_epochs`, `batch_size`, `learning_rate_multiplier`) go to the supervised method; the request's
/// options are passed through to the job (see the API reference: `validation_file`, `seed`,
/// `metadata`, ...).
///
/// ```swift
/// let backend = OpenAIFineTuningBackend(configuration: try .fromEnvironment(), logger: logger)
/// let trainer = CachedTrainingBackend(backend, store: store, logger: logger)
/// let model = try await trainer.train(TrainingRequest(
///     dataset: .file(path: "support.jsonl"), baseModel: "gpt-4o-mini-2024-07-18",
///     hyperparameters: ["n_epochs": 3], suffix: "support"))
/// print(model.modelID)  // ft:gpt-4o-mini-2024-07-18:my-org:support:...
/// try await backend.shutdown()
/// ```
///
/// It owns the HTTP client it makes: call ``shutdown()`` when done with it.
public final class OpenAIFineTuningBackend: TrainingBackend {
    /// Called with each new event of a job being waited on (its id, then the event), oldest first.
    public typealias EventHandler = @Sendable (_ jobID: String, _ event: OpenAIFineTuningEvent) -> Void

    /// `"openai"` by default: part of every training key.
    public let backendID: String
    /// Where the service is and how requests are made.
    public let configuration: OpenAIConfiguration

    let client: OpenAIClient
    private let onEvent: EventHandler?
    private let logger: Logger

    /// Jobs live on the service: another process can re-attach to them.
    public var canAttach: Bool { true }

    /// Datasets are uploaded once and named by file id.
    public var uploadsDatasets: Bool { true }

    /// Makes a backend.
    ///
    /// - Parameters:
    ///   - configuration: Where the service is; see ``OpenAIConfiguration/fromEnvironment(_:)``.
    ///   - backendID: The id in training keys. Give another service (an OpenAI-compatible server) its
    ///     own id, such as `"openai:local"`, so its models are not mixed with OpenAI's.
    ///   - httpClient: An `HTTPClient` to use, which stays yours to shut down; by default the backend
    ///     makes one with the configuration's connect timeout.
    ///   - logger: Where requests, retries and job statuses are logged.
    ///   - onEvent: Called with each new event of a job being waited on, for progress. When `nil`,
    ///     events are not read.
    public init(
        configuration: OpenAIConfiguration, backendID: String = "openai", httpClient: HTTPClient? = nil,
        logger: Logger, onEvent: EventHandler? = nil
    ) {
        self.backendID = backendID
        self.configuration = configuration
        self.client = OpenAIClient(configuration: configuration, httpClient: httpClient, logger: logger)
        self.onEvent = onEvent
        self.logger = logger
    }

    /// The settings of an `HTTPClient` for the API: the connect timeout, and no redirects (the key
    /// is never sent on to another address).
    ///
    /// For a program that keeps one client for its whole life and hands it to every backend, so that
    /// none needs ``shutdown()``:
    ///
    /// ```swift
    /// let client = HTTPClient(
    ///     eventLoopGroup: HTTPClient.defaultEventLoopGroup,
    ///     configuration: OpenAIFineTuningBackend.httpClientConfiguration(connectTimeout: .seconds(10)))
    /// ```
    public static func httpClientConfiguration(connectTimeout: Duration) -> HTTPClient.Configuration {
        var settings = HTTPClient.Configuration()
        settings.timeout = HTTPClient.Configuration.Timeout(connect: .nanoseconds(connectTimeout.nanoseconds))
        settings.redirectConfiguration = .disallow
        return settings
    }

    /// Closes the HTTP client the backend made. Call it once, when done with the backend.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Checks the dataset (JSONL of chat examples) and uploads it with purpose `fine-tune`.
    ///
    /// - Throws: ``MOCacheCore/MOCacheError`` with code `invalid_input` naming the first bad line,
    ///   `dataset_missing` when the file cannot be read; ``OpenAIError`` when the upload fails.
    public func uploadDataset(_ dataset: Dataset, hash: String) async throws -> String {
        // Reading, checking and hashing a large file block: off the cooperative pool.
        let (data, name, examples, readHash) = try await BlockingWork.run {
            let (data, name) = try Self.contents(of: dataset)
            let examples = try ChatDataset.validate(data, name: name)
            return (data, name, examples, DatasetHasher.hash(bytes: data))
        }
        guard readHash == hash else {
            throw MOCacheError(
                .invalidInput,
                "Dataset \(name) changed after mocache hashed it: nothing was uploaded. Run again once it no "
                    + "longer changes.", path: name)
        }
        let filename = (name as NSString).lastPathComponent
        let file = try await client.uploadFile(
            data, filename: filename.hasSuffix(".jsonl") ? filename : "dataset-\(hash.prefix(12)).jsonl")
        logger.info(
            "uploaded the dataset",
            metadata: ["file": "\(file.id)", "examples": "\(examples)", "bytes": "\(data.count)"])
        return file.id
    }

    /// Asks the service whether it still has an uploaded file: `false` after a 404.
    public func uploadedDatasetExists(fileID: String) async throws -> Bool {
        try await client.file(id: fileID) != nil
    }

    /// Creates the fine-tuning job, uploading the dataset first when it was not uploaded yet.
    ///
    /// - Throws: ``OpenAIError`` with the service's message when it refuses the job (an unknown base
    ///   model, bad hyperparameters); ``MOCacheCore/MOCacheError`` with code `invalid_config` when the
    ///   options set a member that comes from elsewhere.
    ///
    /// When a cached wrapper starts the job (`data.key` is set), the job is tagged with the entry's key
    /// (``keyTagName`` in its `metadata`), and before creating one the service is asked for a job with
    /// that tag: one that is under way or succeeded is re-attached instead. So a process killed after
    /// the service created its job but before the store kept the job's id does not make its successor
    /// pay for a second job.
    public func startTraining(_ request: TrainingRequest, data: PreparedDataset) async throws -> any TrainingRun {
        let tag = data.key.map(Self.keyTag)
        if let tag, let job = try await existingJob(tag: tag) {
            logger.info(
                "re-attached to the fine-tuning job the service has for this key (its id was not stored)",
                metadata: ["job": "\(job.id)", "status": "\(job.status)", "key_tag": "\(tag)"])
            return run(jobID: job.id, request: request)
        }
        let fileID: String
        if let uploaded = data.uploadedFileID {
            fileID = uploaded
        } else {
            fileID = try await uploadDataset(data.dataset, hash: data.hash)
        }
        let body = try OpenAIJobRequest.body(
            for: request, trainingFile: fileID, tags: tag.map { [Self.keyTagName: $0] } ?? [:])
        let job = try await client.createJob(body, idempotencyKey: OpenAIClient.newIdempotencyKey())
        logger.info("created the fine-tuning job", metadata: ["job": "\(job.id)", "file": "\(fileID)"])
        return run(jobID: job.id, request: request)
    }

    /// The name of the `metadata` member that tags a job with the store key it was created for.
    public static let keyTagName = "mocache_key"

    /// The tag of a store key: the SHA-256 (hex) of its backend id, dataset hash and config hash, which
    /// hold the namespace and replicate too.
    public static func keyTag(_ key: TrainingKey) -> String {
        DatasetHasher.hash(
            bytes: Data("mocache-training-key\u{0}\(key.backendID)\u{0}\(key.datasetHash)\u{0}\(key.configHash)".utf8))
    }

    /// The newest job on the service tagged `tag` that is under way or succeeded; `nil` when there is
    /// none (a failed or cancelled one is paid again, as the cache runs a failed entry again), or when
    /// the service cannot list jobs by metadata (it answers 404 or refuses the filter).
    private func existingJob(tag: String) async throws -> OpenAIFineTuningJob? {
        var after: String?
        for _ in 0..<10 {
            let page: OpenAIJobPage
            do {
                page = try await client.jobs(metadata: [Self.keyTagName: tag], limit: 20, after: after)
            } catch let error as OpenAIError where error.code == .notFound || error.code == .rejected {
                logger.warning(
                    "the service cannot list fine-tuning jobs by metadata; a job of a process that died before storing its id is not found",
                    metadata: ["error": "\(error)"])
                return nil
            }
            // A service that ignores the filter lists every job: only a job with the tag counts.
            let tagged = page.data.filter { $0.tags?[Self.keyTagName]?.stringValue == tag }
            if let job = tagged.first(where: { $0.jobStatus != .failed && $0.jobStatus != .cancelled }) {
                return job
            }
            guard page.hasMore == true, let last = page.data.last else { return nil }
            after = last.id
        }
        return nil
    }

    /// Re-attaches to a job on the service, started by this or another process.
    ///
    /// - Throws: ``OpenAIError`` with code ``OpenAIError/Code/notFound`` when the service does not know
    ///   the job.
    public func attach(toJob jobID: String) async throws -> any TrainingRun {
        let job = try await client.job(id: jobID)
        logger.info("attached to the fine-tuning job", metadata: ["job": "\(job.id)", "status": "\(job.status)"])
        return run(jobID: job.id, request: nil)
    }

    private func run(jobID: String, request: TrainingRequest?) -> OpenAIFineTuningRun {
        OpenAIFineTuningRun(
            jobID: jobID, backendID: backendID, request: request, client: client,
            pollInterval: configuration.pollInterval, onEvent: onEvent, logger: logger)
    }

    /// The bytes of a dataset and a name for messages.
    static func contents(of dataset: Dataset) throws -> (Data, String) {
        switch dataset {
        case .file(let path):
            do {
                return (try Data(contentsOf: URL(fileURLWithPath: path)), path)
            } catch {
                throw MOCacheError.datasetMissing(path, detail: "\(error.localizedDescription)")
            }
        case .bytes(let data):
            return (data, "the dataset")
        case .records(let records):
            var data = Data()
            for record in records {
                data.append(try record.canonicalData())
                data.append(UInt8(ascii: "\n"))
            }
            return (data, "the dataset")
        }
    }
}
