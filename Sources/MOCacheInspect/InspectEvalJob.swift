import Foundation
import MOCacheCore

/// An inspect-ai evaluation suite: one `inspect eval` per task, one after the other.
///
/// Owns the task that runs them and the run in progress, so that ``cancel()`` ends it.
final class InspectEvalJob: EvalJob {
    let jobID: String? = nil
    private let current = Locked<InspectTaskRun?>(nil)
    private let cancelled = Locked(false)
    private let finished = Locked(false)
    private let outcome: Task<EvalResults, any Error>

    init(
        backend: InspectEvalBackend, program: String, modelID: String, tasks: [InspectTaskReference],
        parameters: InspectEvalParameters
    ) {
        let current = self.current
        let cancelled = self.cancelled
        let finished = self.finished
        outcome = Task {
            defer { finished.withLock { $0 = true } }
            var scored: [String: EvalTaskResult] = [:]
            var failures: [String: String] = [:]
            for task in tasks {
                if cancelled.value { throw MOCacheError(.cancelled, "The eval of \(modelID) was cancelled.") }
                do {
                    let run = try await InspectTaskRun(
                        backend: backend, program: program, task: task, modelID: modelID, parameters: parameters)
                    current.withLock { $0 = run }
                    if cancelled.value { run.cancel() }  // cancel() came while inspect was starting
                    scored[task.description] = try await run.result()
                } catch let error as MOCacheError where error.code == .cancelled {
                    throw error
                } catch {
                    failures[task.description] = "\(error)"
                }
            }
            return EvalResults(modelID: modelID, tasks: scored, failures: failures)
        }
    }

    func status() async throws -> JobStatus {
        guard finished.value else { return .running }
        do {
            let results = try await wait()
            return results.failures.isEmpty ? .succeeded : .failed
        } catch {
            return cancelled.value ? .cancelled : .failed
        }
    }

    func wait() async throws -> EvalResults {
        try await outcome.value
    }

    func cancel() async throws {
        cancelled.withLock { $0 = true }
        current.value?.cancel()
    }
}
