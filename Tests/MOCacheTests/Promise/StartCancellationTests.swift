import Foundation
import MOCache
import MOCacheConformance
import Testing

/// A signal that comes while a job is being started: the backend may have made the job already (the
/// request was sent, its answer not yet read), so the start is seen through, and the job is cancelled on
/// the backend and recorded cancelled with its id. Before, the start was cut short: the job ran on at the
/// service, unseen, and the store said "cancelled before the job started".
@Suite("Cancelled while the job starts")
struct StartCancellationTests {
    static let request = TrainingRequest(
        dataset: .bytes(Data("{\"prompt\": \"hi\", \"completion\": \"there\"}\n".utf8)), baseModel: "tiny",
        hyperparameters: ["epochs": 1])

    @Test(
        "the job made during the start is cancelled on the backend, and recorded with its id",
        arguments: ConformanceBackends.all)
    func jobMadeDuringTheStartIsCancelled(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let backend = SlowStartBackend()
            let trainer = CachedTrainingBackend(backend, store: store)
            let training = Task { try await trainer.train(Self.request) }
            try await backend.waitUntilAJobWasMade()
            training.cancel()
            // The answer to the start arrives after the signal.
            backend.answerTheStart()
            let result = await training.result
            #expect(throws: (any Error).self) { try result.get() }
            #expect(backend.cancelledJobs == ["job-1"], "the job that was made is cancelled, once")
            let record = try #require(try await store.trainingRun(for: try await trainer.key(for: Self.request)))
            #expect(record.status == .cancelled, "\(record)")
            #expect(record.jobID == "job-1", "the job's id is kept: \(record)")
        }
    }
}

/// A backend whose start makes the job at once but answers only when the test says so, and whose wait
/// is cut short by a task's cancellation as an HTTP request's is.
private final class SlowStartBackend: TrainingBackend {
    private struct State {
        var made: [String] = []
        var answered = false
        var cancelled: [String] = []
    }

    private let state = Locked(State())

    var backendID: String { "slow-start" }

    var cancelledJobs: [String] { state.value.cancelled }

    func answerTheStart() { state.withLock { $0.answered = true } }

    func waitUntilAJobWasMade() async throws {
        while state.value.made.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
    }

    func startTraining(_ request: TrainingRequest, data: PreparedDataset) async throws -> any TrainingRun {
        let jobID = state.withLock { state -> String in
            state.made.append("job-\(state.made.count + 1)")
            return state.made[state.made.count - 1]
        }
        while !state.value.answered { try await Task.sleep(for: .milliseconds(5)) }
        return Run(jobID: jobID, backend: self)
    }

    fileprivate func cancel(_ jobID: String) { state.withLock { $0.cancelled.append(jobID) } }

    fileprivate func isCancelled(_ jobID: String) -> Bool { state.value.cancelled.contains(jobID) }

    private struct Run: TrainingRun {
        let jobID: String
        let backend: SlowStartBackend

        var snapshot: TrainingRunSnapshot {
            TrainingRunSnapshot(backendID: backend.backendID, jobID: jobID, request: nil)
        }

        func status() async throws -> JobStatus { backend.isCancelled(jobID) ? .cancelled : .running }

        func wait() async throws -> TrainedModel {
            while !backend.isCancelled(jobID) { try await Task.sleep(for: .milliseconds(5)) }
            throw MOCacheError(.cancelled, "Job \(jobID) was cancelled.")
        }

        func cancel() async throws {
            guard !backend.isCancelled(jobID) else { return }
            backend.cancel(jobID)
        }
    }
}

/// The same for an eval job: cancelling the suite while its job starts lets the start finish, then cancels
/// the job and records its tasks cancelled. Before, the start was cut short and the job ran on.
@Suite("Cancelled while the eval job starts")
struct EvalStartCancellationTests {
    @Test(
        "the eval job made during the start is cancelled, its tasks recorded cancelled",
        arguments: ConformanceBackends.all)
    func evalJobMadeDuringTheStartIsCancelled(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let backend = SlowStartEvalBackend()
            let evaluator = CachedEvalBackend(backend, store: store)
            let request = EvalRequest(modelID: "m-1", tasks: ["quiz"])
            let job = try await evaluator.start(request)
            while backend.madeJobs.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            try await job.cancel()  // what `mocache eval` does on Ctrl-C
            backend.answerTheStart()
            _ = try? await job.wait()
            #expect(backend.cancelledJobs == ["eval-1"], "the eval job that was made is cancelled")
            let stored = try await store.evalResults(matching: EvalResultFilter())
            #expect(stored.map(\.status) == [.cancelled], "\(stored)")
        }
    }
}

/// An eval backend whose start makes the job at once but answers when the test says so; its wait is
/// cut short by a task's cancellation, as an HTTP request's is.
private final class SlowStartEvalBackend: EvalBackend {
    private struct State {
        var made: [String] = []
        var answered = false
        var cancelled: [String] = []
    }

    private let state = Locked(State())
    var backendID: String { "slow-start-eval" }
    var madeJobs: [String] { state.value.made }
    var cancelledJobs: [String] { state.value.cancelled }

    func answerTheStart() { state.withLock { $0.answered = true } }

    func startEval(_ request: EvalRequest) async throws -> any EvalJob {
        let jobID = state.withLock { state -> String in
            state.made.append("eval-\(state.made.count + 1)")
            return state.made[state.made.count - 1]
        }
        while !state.value.answered { try await Task.sleep(for: .milliseconds(5)) }
        return Job(jobID: jobID, backend: self)
    }

    fileprivate func cancel(_ jobID: String) {
        state.withLock { if !$0.cancelled.contains(jobID) { $0.cancelled.append(jobID) } }
    }

    fileprivate func isCancelled(_ jobID: String) -> Bool { state.value.cancelled.contains(jobID) }

    private struct Job: EvalJob {
        let id: String
        let backend: SlowStartEvalBackend
        var jobID: String? { id }

        init(jobID: String, backend: SlowStartEvalBackend) {
            id = jobID
            self.backend = backend
        }

        func status() async throws -> JobStatus { backend.isCancelled(id) ? .cancelled : .running }

        func wait() async throws -> EvalResults {
            while !backend.isCancelled(id) { try await Task.sleep(for: .milliseconds(5)) }
            throw MOCacheError(.cancelled, "Eval job \(id) was cancelled.")
        }

        func cancel() async throws { backend.cancel(id) }
    }
}
