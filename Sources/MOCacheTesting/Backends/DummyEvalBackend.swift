import Crypto
import Foundation
import MOCacheCore

/// An evaluation backend that scores nothing: deterministic metrics, instant by default, countable.
///
/// Each task's `accuracy` is a pure function of model, task and params, so tests can check that a
/// cached score is the one that was computed. ``evaluatedTasks`` lists every task it was asked to run.
public final class DummyEvalBackend: EvalBackend {
    public let backendID: String
    /// How long each suite takes.
    public let delay: Duration
    /// Tasks that always fail.
    public let failingTasks: Set<String>

    private let state = Locked(State())

    private struct State {
        var calls = 0
        var tasks: [String] = []
    }

    /// Makes a dummy backend.
    public init(backendID: String = "dummy-eval", delay: Duration = .zero, failingTasks: Set<String> = []) {
        self.backendID = backendID
        self.delay = delay
        self.failingTasks = failingTasks
    }

    /// How many suites were started.
    public var callCount: Int { state.value.calls }

    /// Every task evaluated, in order, over all suites.
    public var evaluatedTasks: [String] { state.value.tasks }

    /// The accuracy this backend reports for a model, task and params.
    public static func accuracy(modelID: String, task: String, params: JSONValue) throws -> Double {
        let digest = SHA256.hash(data: Data("\(modelID)\n\(task)\n\(try params.canonicalJSON())".utf8))
        let value = digest.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Double(value) / Double(UInt32.max)
    }

    public func startEval(_ request: EvalRequest) async throws -> any EvalJob {
        state.withLock { state in
            state.calls += 1
            state.tasks += request.tasks
        }
        var scored: [String: EvalTaskResult] = [:]
        var failures: [String: String] = [:]
        for task in request.tasks {
            if failingTasks.contains(task) {
                failures[task] = "dummy failure of task \(task)"
            } else {
                let accuracy = try Self.accuracy(modelID: request.modelID, task: task, params: request.params)
                scored[task] = EvalTaskResult(metrics: ["accuracy": accuracy, "loss": 1 - accuracy], sampleCount: 100)
            }
        }
        return DummyEvalJob(
            results: EvalResults(modelID: request.modelID, tasks: scored, failures: failures),
            finishesAt: Date().addingTimeInterval(delay.timeInterval))
    }
}

/// A dummy suite: its results are known at the start and released when its time is up.
struct DummyEvalJob: EvalJob {
    let results: EvalResults
    let finishesAt: Date
    var jobID: String? { nil }

    func status() async throws -> JobStatus {
        Date() < finishesAt ? .running : (results.failures.isEmpty ? .succeeded : .failed)
    }

    func wait() async throws -> EvalResults {
        let remaining = finishesAt.timeIntervalSinceNow
        if remaining > 0 { try await Task.sleep(for: .seconds(remaining)) }
        return results
    }

    func cancel() async throws {}
}
