/// Something that trains models: a fine-tuning service, a local script, a test double.
///
/// Backends start jobs and hand back a ``TrainingRun`` without waiting for them. Wrap any backend in
/// ``CachedTrainingBackend`` so that the same request is never trained twice.
public protocol TrainingBackend: Sendable {
    /// A stable id that becomes part of every training key, such as `"openai"` or `"process:train"`.
    /// Changing it turns every stored run of the backend into a miss.
    var backendID: String { get }

    /// Whether ``attach(toJob:)`` works: whether a job outlives the process that started it. Remote
    /// services say yes; a child process of a dead worker cannot be re-attached.
    var canAttach: Bool { get }

    /// Whether the backend wants the dataset uploaded once and referred to by file id afterwards.
    var uploadsDatasets: Bool { get }

    /// Sends a dataset to the backend and returns its file id. Only called when ``uploadsDatasets``.
    func uploadDataset(_ dataset: Dataset, hash: String) async throws -> String

    /// Whether the backend still holds a file uploaded earlier. Asked before a stored file id is
    /// reused, so that a file the service deleted is uploaded again. Only called when
    /// ``uploadsDatasets``.
    func uploadedDatasetExists(fileID: String) async throws -> Bool

    /// Starts a training job and returns at once with its handle.
    ///
    /// - Parameters:
    ///   - request: What to train.
    ///   - data: The request's dataset with its hash, and the uploaded file id when there is one.
    func startTraining(_ request: TrainingRequest, data: PreparedDataset) async throws -> any TrainingRun

    /// Re-attaches to a job started earlier, maybe by another process.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/unsupported`` when ``canAttach`` is false.
    func attach(toJob jobID: String) async throws -> any TrainingRun
}

extension TrainingBackend {
    /// Backends that cannot re-attach say so by default.
    public var canAttach: Bool { false }

    /// Backends that take data directly say so by default.
    public var uploadsDatasets: Bool { false }

    /// The default for backends that do not upload.
    public func uploadDataset(_ dataset: Dataset, hash: String) async throws -> String {
        throw MOCacheError(.unsupported, "Backend \(backendID) does not upload datasets.")
    }

    /// By default an uploaded file is taken to stay.
    public func uploadedDatasetExists(fileID: String) async throws -> Bool { true }

    /// The default for backends that cannot re-attach.
    public func attach(toJob jobID: String) async throws -> any TrainingRun {
        throw MOCacheError(
            .unsupported,
            "Backend \(backendID) cannot re-attach to job \(jobID): its jobs end with the process that started them.")
    }

    /// Gets a saved run back: re-attaches to the job it names.
    public func resume(_ snapshot: TrainingRunSnapshot) async throws -> any TrainingRun {
        guard snapshot.backendID == backendID else {
            throw MOCacheError(
                .unsupported,
                "The snapshot is of a run on backend \(snapshot.backendID), not \(backendID): resume it there.")
        }
        return try await attach(toJob: snapshot.jobID)
    }
}
