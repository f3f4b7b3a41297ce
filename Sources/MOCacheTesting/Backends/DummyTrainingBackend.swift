import Crypto
import Foundation
import MOCacheCore

/// A training backend that trains nothing: deterministic, instant by default, and countable.
///
/// For tests and examples. The model id is a pure function of the dataset hash and the request, so
/// the same request always "trains" the same model. ``startCount`` counts paid starts: the number a
/// cache must keep low.
///
/// With a `jobDirectory`, jobs live in files like the jobs of a remote fine-tuning service: they go on
/// when the process that started them dies, and any process can re-attach to them by id. That makes
/// crash recovery testable with real processes and `kill -9`.
public final class DummyTrainingBackend: TrainingBackend {
    /// When jobs fail.
    public enum Failure: Hashable, Sendable {
        /// Never.
        case never
        /// Every job.
        case always
        /// The first `n` jobs started through this backend; the ones after succeed.
        case firstStarts(Int)
    }

    public let backendID: String
    /// How long each job takes.
    public let delay: Duration
    /// When jobs fail.
    public let failure: Failure
    /// Where jobs are kept as files, for re-attaching from other processes; `nil` keeps them in memory.
    public let jobDirectory: String?
    public let uploadsDatasets: Bool
    public var canAttach: Bool { true }

    private let state = Locked(State())

    private struct State {
        var starts = 0
        var attaches = 0
        var uploads = 0
        var jobs: [String: DummyJob] = [:]
    }

    /// Makes a dummy backend.
    ///
    /// - Parameters:
    ///   - backendID: The id in cache keys.
    ///   - delay: How long each job takes.
    ///   - failure: When jobs fail.
    ///   - jobDirectory: A folder to keep jobs in, shared by processes; `nil` for memory.
    ///   - uploadsDatasets: Whether the backend asks for datasets to be uploaded first.
    public init(
        backendID: String = "dummy", delay: Duration = .zero, failure: Failure = .never, jobDirectory: String? = nil,
        uploadsDatasets: Bool = false
    ) {
        self.backendID = backendID
        self.delay = delay
        self.failure = failure
        self.jobDirectory = jobDirectory
        self.uploadsDatasets = uploadsDatasets
    }

    /// Jobs started (paid for), by this instance or, with a job directory, by any process.
    public var startCount: Int {
        guard let jobDirectory else { return state.value.starts }
        let log = (try? String(contentsOfFile: "\(jobDirectory)/starts.log", encoding: .utf8)) ?? ""
        return log.split(separator: "\n").count
    }

    /// Times a job was re-attached through this instance.
    public var attachCount: Int { state.value.attaches }

    /// Datasets uploaded through this instance.
    public var uploadCount: Int { state.value.uploads }

    public func uploadDataset(_ dataset: Dataset, hash: String) async throws -> String {
        state.withLock { $0.uploads += 1 }
        return "file-\(hash.prefix(12))"
    }

    public func startTraining(_ request: TrainingRequest, data: PreparedDataset) async throws -> any TrainingRun {
        let starts = state.withLock { state -> Int in
            state.starts += 1
            return state.starts
        }
        let config = try TrainingConfiguration.json(for: request).canonicalJSON()
        let digest = SHA256.hash(data: Data("\(backendID)\n\(data.hash)\n\(config)".utf8))
        let modelID = "\(backendID):" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
        let fails: Bool
        switch failure {
        case .never: fails = false
        case .always: fails = true
        case .firstStarts(let count): fails = starts <= count
        }
        let job = DummyJob(
            jobID: "job-\(UUID().uuidString.prefix(13).lowercased())", modelID: modelID,
            finishesAt: Date().addingTimeInterval(delay.timeInterval),
            failure: fails ? "dummy failure (start \(starts))" : nil)
        if let jobDirectory {
            try FileManager.default.createDirectory(atPath: jobDirectory, withIntermediateDirectories: true)
            try JSONEncoder().encode(job).write(to: URL(fileURLWithPath: "\(jobDirectory)/\(job.jobID).json"))
            try appendLine(job.jobID, to: "\(jobDirectory)/starts.log")
        } else {
            state.withLock { $0.jobs[job.jobID] = job }
        }
        return DummyTrainingRun(backendID: backendID, job: job, request: request)
    }

    public func attach(toJob jobID: String) async throws -> any TrainingRun {
        let job: DummyJob?
        if let jobDirectory {
            let data = try? Data(contentsOf: URL(fileURLWithPath: "\(jobDirectory)/\(jobID).json"))
            job = try data.map { try JSONDecoder().decode(DummyJob.self, from: $0) }
        } else {
            job = state.value.jobs[jobID]
        }
        guard let job else {
            throw MOCacheError(.notFound, "Backend \(backendID) has no job \(jobID).")
        }
        state.withLock { $0.attaches += 1 }
        return DummyTrainingRun(backendID: backendID, job: job, request: nil)
    }

    private func appendLine(_ line: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { throw MOCacheError(.storeFailure, "Cannot write \(path).") }
        defer { close(fd) }
        let bytes = Array("\(line)\n".utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}

/// A dummy job as plain data: what it will produce and when.
struct DummyJob: Codable, Sendable {
    let jobID: String
    let modelID: String
    let finishesAt: Date
    let failure: String?
}

/// A handle on a dummy job.
struct DummyTrainingRun: TrainingRun {
    let backendID: String
    let job: DummyJob
    let request: TrainingRequest?
    private let cancelled = Locked(false)

    init(backendID: String, job: DummyJob, request: TrainingRequest?) {
        self.backendID = backendID
        self.job = job
        self.request = request
    }

    var jobID: String { job.jobID }

    var snapshot: TrainingRunSnapshot { TrainingRunSnapshot(backendID: backendID, jobID: jobID, request: request) }

    func status() async throws -> JobStatus {
        if cancelled.value { return .cancelled }
        if Date() < job.finishesAt { return .running }
        return job.failure == nil ? .succeeded : .failed
    }

    func wait() async throws -> TrainedModel {
        while Date() < job.finishesAt && !cancelled.value {
            try await Task.sleep(for: .milliseconds(min(10, max(1, job.finishesAt.timeIntervalSinceNow * 1000))))
        }
        if cancelled.value { throw MOCacheError(.cancelled, "Dummy job \(jobID) was cancelled.") }
        if let failure = job.failure { throw MOCacheError(.jobFailed, failure) }
        return TrainedModel(modelID: job.modelID, metadata: .object(["dummy": .bool(true)]), jobID: jobID)
    }

    func cancel() async throws {
        cancelled.withLock { $0 = true }
    }
}
