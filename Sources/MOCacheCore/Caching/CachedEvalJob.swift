import Foundation

/// The handle a ``CachedEvalBackend`` gives for a suite: stored scores plus flights to wait on.
struct CachedEvalJob: EvalJob {
    /// Keys whose outcome one flight will give.
    struct Wait: Sendable {
        let flight: EvalFlight
        var keys: [EvalKey]
        /// Whether this suite started the flight, and so may cancel its jobs.
        let owned: Bool
    }

    let modelID: String
    let hits: [String: EvalTaskResult]
    let waits: [Wait]
    var uncached: (any EvalJob)?

    var jobID: String? { uncached?.jobID }

    func status() async throws -> JobStatus {
        if let uncached { return try await uncached.status() }
        return waits.isEmpty ? .succeeded : .running
    }

    func wait() async throws -> EvalResults {
        var tasks = hits
        var failures: [String: String] = [:]
        if let uncached {
            let results = try await uncached.wait()
            tasks.merge(results.tasks) { $1 }
            failures.merge(results.failures) { $1 }
        }
        for wait in waits {
            let outcomes = try await wait.flight.value()
            for key in wait.keys {
                switch outcomes[key] {
                case .scored(let result)?: tasks[key.task] = result
                case .failed(let error)?: failures[key.task] = error
                case nil: failures[key.task] = "no outcome was recorded for task \(key.task)"
                }
            }
        }
        return EvalResults(modelID: modelID, tasks: tasks, failures: failures)
    }

    func cancel() async throws {
        try await uncached?.cancel()
        for wait in waits where wait.owned { try await wait.flight.cancel() }
    }
}
