import Foundation
import InMemoryLogging
import Logging
import MOCache
import Testing

@testable import MOCacheOpenAI

/// The backend against the stub server, in this process: HTTP for real, the store in memory.
@Suite("OpenAI fine-tuning backend against the stub")
struct OpenAIBackendTests {
    /// A job that ends in about 60 ms, polled every 10 ms.
    static let quickJob: JSONValue = ["phases": [["validating_files", 20], ["queued", 20], ["running", 20]]]

    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// A backend on the stub with fast polling and short backoffs, shut down after `body`.
    func withBackend<T>(
        _ stub: OpenAIStub, key: String = OpenAIStub.apiKey, requestTimeout: Duration = .seconds(10),
        maxRetries: Int = 5, pollInterval: ClosedRange<Duration> = .milliseconds(10)...(.milliseconds(20)),
        logs: InMemoryLogHandler = InMemoryLogHandler(),
        onEvent: OpenAIFineTuningBackend.EventHandler? = nil, _ body: (OpenAIFineTuningBackend) async throws -> T
    ) async throws -> T {
        var handler = logs
        handler.logLevel = .trace
        let configuration = OpenAIConfiguration(
            apiKey: OpenAIAPIKey(key), baseURL: stub.baseURL, organization: "org-test", project: "proj-test",
            requestTimeout: requestTimeout,
            retry: OpenAIRetryPolicy(
                maxRetries: maxRetries, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(40)),
            pollInterval: pollInterval)
        let backend = OpenAIFineTuningBackend(
            configuration: configuration, logger: Logger(label: "test") { _ in handler }, onEvent: onEvent)
        let result: T
        do {
            result = try await body(backend)
        } catch {
            try await backend.shutdown()
            throw error
        }
        try await backend.shutdown()
        return result
    }

    func dataset() throws -> (TemporaryDirectory, String) {
        let folder = try TemporaryDirectory()
        let path = folder.path("support.jsonl")
        try Data(ChatData.examples.utf8).write(to: URL(fileURLWithPath: path))
        return (folder, path)
    }

    func request(_ path: String, epochs: Int = 2, model: String = "gpt-4o-mini-2024-07-18") -> TrainingRequest {
        TrainingRequest(
            dataset: .file(path: path), baseModel: model, hyperparameters: ["n_epochs": .number(Double(epochs))],
            suffix: "support")
    }

    @Test("Upload, create, poll until succeeded: the fine-tuned model with job id, file id and tokens")
    func trains() async throws {
        let stub = try await OpenAIStub(Self.quickJob)
        let (folder, path) = try dataset()
        _ = folder
        let store = InMemoryCacheBackend()
        let model = try await withBackend(stub) { backend in
            try await CachedTrainingBackend(backend, store: store, logger: Self.quiet).train(request(path))
        }
        #expect(model.modelID == "ft:gpt-4o-mini-2024-07-18:stub-org:support:000001")
        #expect(model.jobID == "ftjob-000001")
        let metadata = try #require(model.metadata)
        #expect(metadata["job_id"] == "ftjob-000001")
        #expect(metadata["file_id"] == "file-000001")
        #expect(metadata["status"] == "succeeded")
        #expect(metadata["trained_tokens"]?.doubleValue ?? 0 > 0)
        #expect(metadata["hyperparameters"]?["n_epochs"] == 2)
        let requests = try stub.requests()
        #expect(requests.first?.method == "POST" && requests.first?.path == "/v1/files")
        #expect(try stub.uploads() == ["file-000001"])
        #expect(try stub.jobsCreated() == ["ftjob-000001"])
        #expect(try stub.requests("POST", "/v1/fine_tuning/jobs").first?.idempotencyKey?.hasPrefix("mocache-") == true)
        #expect(requests.allSatisfy { $0.json["openai-organization"] == "org-test" })
        #expect(requests.allSatisfy { $0.json["openai-project"] == "proj-test" })
        #expect(try stub.requests("GET", "/v1/fine_tuning/jobs/").allSatisfy { !$0.path.hasSuffix("/events") })
    }

    @Test("A file the service lost is uploaded again; the new file id is stored and reused")
    func fileGone() async throws {
        let stub = try await OpenAIStub(Self.quickJob)
        let (folder, path) = try dataset()
        _ = folder
        let store = InMemoryCacheBackend()
        try await withBackend(stub) { backend in
            let trainer = CachedTrainingBackend(backend, store: store, logger: Self.quiet)
            _ = try await trainer.train(request(path, epochs: 1))
            try stub.configure(Self.quickJob.merging(["gone_files": ["file-000001"]]))
            _ = try await trainer.train(request(path, epochs: 2))
            _ = try await trainer.train(request(path, epochs: 3))
        }
        #expect(try stub.uploads() == ["file-000001", "file-000002"])
        #expect(try stub.jobsCreated().count == 3)
        #expect(try stub.requests("GET", "/v1/files/").map(\.status) == [404, 200])
        let uploads = try await store.datasetUploads()
        #expect(uploads.map(\.fileID) == ["file-000002"])
    }

    @Test("A status this version does not know (paused) is logged and waited through")
    func unknownStatus() async throws {
        let stub = try await OpenAIStub([
            "phases": [["queued", 1], ["paused", 2], ["running", 1]], "phase_unit": "polls",
        ])
        let (folder, path) = try dataset()
        _ = folder
        let logs = InMemoryLogHandler()
        let model = try await withBackend(stub, logs: logs) { backend in
            let run = try await backend.startTraining(
                request(path), data: PreparedDataset(dataset: .file(path: path), hash: try await hash(path)))
            return try await run.wait()
        }
        #expect(model.modelID.hasPrefix("ft:"))
        #expect(
            logs.entries.contains {
                $0.level == .warning && "\($0.message)".contains("status this mocache does not know")
                    && $0.metadata["status"] == "paused"
            })
        #expect(try stub.requests("GET", "/v1/fine_tuning/jobs/").count == 5, "queued, paused twice, running, done")
    }

    @Test("A job that fails on the service: job_failed with the service's code and message, stored failed")
    func failedJob() async throws {
        let stub = try await OpenAIStub(
            Self.quickJob.merging([
                "outcome": "failed",
                "job_error": ["code": "invalid_training_file", "message": "At least 10 examples are required."],
            ]))
        let (folder, path) = try dataset()
        _ = folder
        let store = InMemoryCacheBackend()
        let failure = try await withBackend(stub) { backend in
            let trainer = CachedTrainingBackend(backend, store: store, logger: Self.quiet)
            return await #expect(throws: MOCacheError.self) { try await trainer.train(request(path)) }
        }
        #expect(failure?.code == .jobFailed)
        #expect(
            failure?.message
                == "Fine-tuning job ftjob-000001 failed on the service (training file file-000001): "
                + "invalid_training_file: At least 10 examples are required.")
        let record = try #require(try await store.trainingRuns(matching: TrainingRunFilter()).first)
        #expect(record.status == .failed)
        #expect(record.error?.contains("At least 10 examples are required.") == true)
    }

    @Test("429 with Retry-After, 5xx, a slow answer: retried, waiting as told, and the training completes")
    func transientFailures() async throws {
        let stub = try await OpenAIStub(
            Self.quickJob.merging([
                "faults": [
                    ["id": "upload-500", "method": "POST", "path": "/v1/files", "status": 500, "times": 1],
                    [
                        "id": "create-429", "method": "POST", "path": "/v1/fine_tuning/jobs", "status": 429,
                        "retry_after": "0.2", "times": 2,
                    ],
                    [
                        "id": "poll-slow", "method": "GET", "path": "/v1/fine_tuning/jobs/", "delay_ms": 6000,
                        "times": 1,
                    ],
                    ["id": "poll-503", "method": "GET", "path": "/v1/fine_tuning/jobs/", "status": 503, "times": 1],
                ]
            ]))
        let (folder, path) = try dataset()
        _ = folder
        let logs = InMemoryLogHandler()
        let model = try await withBackend(stub, requestTimeout: .milliseconds(1500), logs: logs) { backend in
            try await CachedTrainingBackend(backend, store: InMemoryCacheBackend(), logger: Self.quiet).train(
                request(path))
        }
        #expect(model.modelID.hasPrefix("ft:"))
        #expect(try stub.requests("POST", "/v1/files").map(\.status) == [500, 200])
        let creations = try stub.requests("POST", "/v1/fine_tuning/jobs")
        #expect(creations.map(\.status) == [429, 429, 200])
        #expect(Set(creations.compactMap(\.idempotencyKey)).count == 1, "one creation, one idempotency key")
        for (before, after) in zip(creations, creations.dropFirst()) {
            #expect(after.time - before.time >= 0.2, "waited the 0.2 s Retry-After asked for")
        }
        #expect(try stub.jobsCreated().count == 1)
        // The slow answer is logged when the stub gives it, after the client gave up and tried again;
        // a request's time is when it arrived.
        var polls = try stub.requests("GET", "/v1/fine_tuning/jobs/")
        for _ in 0..<600 where !polls.contains(where: { $0.fault == "poll-slow" }) {
            try await Task.sleep(for: .milliseconds(20))
            polls = try stub.requests("GET", "/v1/fine_tuning/jobs/")
        }
        let slow = try #require(polls.first { $0.fault == "poll-slow" })
        let retried = try #require(polls.first { $0.fault == "poll-503" })
        #expect(retried.time < slow.time + 6, "tried again after the 1.5 s timeout, before the answer 6 s later")
        // One retry each for the 500, the two 429s, the timeout and the 503 (more if the machine is slow).
        #expect(logs.entries.filter { $0.level == .warning && "\($0.message)".contains("retrying") }.count >= 5)
    }

    @Test("A 4xx is not retried: an unknown base model reaches the caller with the service's message")
    func unknownModel() async throws {
        let stub = try await OpenAIStub(Self.quickJob)
        let (folder, path) = try dataset()
        _ = folder
        let error = try await withBackend(stub) { backend in
            await #expect(throws: OpenAIError.self) {
                try await CachedTrainingBackend(backend, store: InMemoryCacheBackend(), logger: Self.quiet)
                    .train(request(path, model: "gpt-nope"))
            }
        }
        #expect(error?.code == .rejected)
        #expect(error?.status == 400)
        #expect(
            error?.message
                == "Could not create the fine-tuning job: the service refused it (HTTP 400, model_not_available): "
                + "Model \"gpt-nope\" is not available for fine-tuning or does not exist.")
        #expect(try stub.requests("POST", "/v1/fine_tuning/jobs").count == 1)
    }

    @Test("A 401 is not retried, and the key never appears in the error or the logs")
    func unauthorized() async throws {
        let stub = try await OpenAIStub(Self.quickJob)
        let (folder, path) = try dataset()
        _ = folder
        let secret = "sk-wrong-but-secret-4242"
        let logs = InMemoryLogHandler()
        let error = try await withBackend(stub, key: secret, logs: logs) { backend in
            await #expect(throws: OpenAIError.self) {
                try await CachedTrainingBackend(backend, store: InMemoryCacheBackend(), logger: Self.quiet).train(
                    request(path))
            }
        }
        #expect(error?.code == .unauthorized)
        let message = error?.message ?? ""
        #expect(message.contains("refused the API key (HTTP 401, invalid_api_key)"), "\(message)")
        #expect(message.contains("[redacted API key]"), "the stub quoted the key and it was taken out")
        #expect(!message.contains(secret))
        #expect(!"\(String(describing: error))".contains(secret))
        for entry in logs.entries {
            #expect(!"\(entry.message) \(entry.metadata)".contains(secret))
        }
        #expect(try stub.requests().count == 1)
    }

    @Test("cancel() cancels the job on the service and ends the wait with cancelled")
    func cancel() async throws {
        let stub = try await OpenAIStub(["phases": [["validating_files", 20], ["running", .null]]])
        let (folder, path) = try dataset()
        _ = folder
        let status = try await withBackend(stub) { backend in
            let run = try await backend.startTraining(
                request(path), data: PreparedDataset(dataset: .file(path: path), hash: try await hash(path)))
            let waiting = Task { try await run.wait() }
            while try stub.requests("GET", "/v1/fine_tuning/jobs/").count < 2 {
                try await Task.sleep(for: .milliseconds(10))
            }
            try await run.cancel()
            let error = await #expect(throws: MOCacheError.self) { try await waiting.value }
            #expect(error?.code == .cancelled)
            // Cancelling again, once it ended, is no error.
            try await run.cancel()
            return try await run.status()
        }
        #expect(status == .cancelled)
        #expect(try stub.requests("POST", "/v1/fine_tuning/jobs/ftjob-000001/cancel").map(\.status) == [200, 400])
    }

    @Test("cancel() of a job that already succeeded keeps its model: the wait ends with it")
    func cancelAfterSuccess() async throws {
        let stub = try await OpenAIStub(["phases": [["running", 100]]])
        let (folder, path) = try dataset()
        _ = folder
        let model = try await withBackend(stub, pollInterval: .seconds(1)...(.seconds(1))) { backend in
            let run = try await backend.startTraining(
                request(path), data: PreparedDataset(dataset: .file(path: path), hash: try await hash(path)))
            let waiting = Task { try await run.wait() }
            // The wait polled once and sleeps a second; the job ends meanwhile.
            while try stub.requests("GET", "/v1/fine_tuning/jobs/").isEmpty {
                try await Task.sleep(for: .milliseconds(10))
            }
            try await Task.sleep(for: .milliseconds(300))
            try await run.cancel()
            return try await waiting.value
        }
        #expect(model.modelID == "ft:gpt-4o-mini-2024-07-18:stub-org:support:000001")
        #expect(try stub.requests("POST", "/v1/fine_tuning/jobs/ftjob-000001/cancel").map(\.status) == [400])
    }

    @Test("attach(toJob:) picks up a job started by another backend; an unknown job is not_found")
    func attach() async throws {
        let stub = try await OpenAIStub(Self.quickJob)
        let (folder, path) = try dataset()
        _ = folder
        let jobID = try await withBackend(stub) { backend in
            try await backend.startTraining(
                request(path), data: PreparedDataset(dataset: .file(path: path), hash: try await hash(path))
            ).jobID
        }
        let model = try await withBackend(stub) { backend in
            let error = await #expect(throws: OpenAIError.self) { try await backend.attach(toJob: "ftjob-nope") }
            #expect(error?.code == .notFound)
            return try await backend.attach(toJob: jobID).wait()
        }
        #expect(model.jobID == jobID)
        #expect(model.modelID == "ft:gpt-4o-mini-2024-07-18:stub-org:support:000001")
    }

    @Test("Events reach the handler once each, oldest first")
    func events() async throws {
        let stub = try await OpenAIStub(Self.quickJob)
        let (folder, path) = try dataset()
        _ = folder
        let seen = Locked<[String]>([])
        _ = try await withBackend(
            stub, onEvent: { jobID, event in seen.withLock { $0.append("\(jobID) \(event.message)") } }
        ) {
            backend in
            try await backend.startTraining(
                request(path), data: PreparedDataset(dataset: .file(path: path), hash: try await hash(path))
            ).wait()
        }
        #expect(
            seen.value == [
                "ftjob-000001 Validating training file: file-000001",
                "ftjob-000001 Files validated, moving job to queued state",
                "ftjob-000001 Fine-tuning job started",
                "ftjob-000001 Step 6/6: training loss=0.125",
                "ftjob-000001 New fine-tuned model created: ft:gpt-4o-mini-2024-07-18:stub-org:support:000001",
                "ftjob-000001 The job has successfully completed",
            ])
    }

    @Test("A service that cannot be reached: unreachable, after the retries")
    func unreachable() async throws {
        // Nothing listens on port 1 (tcpmux) here: connections are refused.
        let configuration = OpenAIConfiguration(
            apiKey: OpenAIAPIKey(OpenAIStub.apiKey), baseURL: "http://127.0.0.1:1/v1",
            connectTimeout: .milliseconds(300),
            retry: OpenAIRetryPolicy(maxRetries: 2, initialBackoff: .milliseconds(10)))
        let backend = OpenAIFineTuningBackend(configuration: configuration, logger: Self.quiet)
        let error = await #expect(throws: OpenAIError.self) { try await backend.attach(toJob: "ftjob-1") }
        try await backend.shutdown()
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("after 2 retries") == true, "\(String(describing: error))")
    }

    func hash(_ path: String) async throws -> String {
        try await DatasetHasher.hash(fileAt: path)
    }
}
