import Foundation
import MOCache
import MOCacheInspect

/// Why an eval task is, or is not, served from the store: `mocache why-miss --task`.
///
/// Computes the task's key, looks it up, and when it is not served, lists the stored results of the same
/// backend, model and task with other parameters, and how their parameters differ. For inspect-ai tasks the
/// parameter `task_file_sha256` is the hash of the task file, and its change reads "the task file changed".
///
/// ```swift
/// let explanation = try await EvalMissExplanation.explain(
///     key: EvalKey(backendID: "inspect", modelID: "openai/gpt-4o-mini", task: "quiz.py@quiz",
///                  paramsHash: try params.configHash()),
///     params: params, in: store)
/// ```
public struct EvalMissExplanation: Hashable, Sendable {
    /// A stored result of the same backend, model and task with other parameters.
    public struct Candidate: Hashable, Sendable {
        /// The stored result.
        public let result: EvalResultRecord
        /// How its parameters differ from the request's: `old` is the stored value, `new` the request's.
        public let differences: [JSONDifference]

        /// Makes a candidate.
        public init(result: EvalResultRecord, differences: [JSONDifference]) {
            self.result = result
            self.differences = differences
        }
    }

    /// The request's key.
    public let key: EvalKey
    /// The request's parameters, whose canonical JSON hashes to the key's params hash.
    public let params: JSONValue
    /// What the store has for the key.
    public let verdict: MissExplanation.Verdict
    /// The stored result for the key, when there is one.
    public let stored: EvalResultRecord?
    /// The stored results of the same backend, model and task with other parameters, fewest differences
    /// first, then newest first.
    public let nearest: [Candidate]

    /// Makes an explanation.
    public init(
        key: EvalKey, params: JSONValue, verdict: MissExplanation.Verdict, stored: EvalResultRecord?,
        nearest: [Candidate]
    ) {
        self.key = key
        self.params = params
        self.verdict = verdict
        self.stored = stored
        self.nearest = nearest
    }

    /// The path of the inspect backend's task file hash in the parameters.
    public static let taskFilePath = "$.task_file_sha256"

    /// Explains what the store does with one task of an eval request.
    ///
    /// - Parameters:
    ///   - key: The task's key.
    ///   - params: The request's parameters.
    ///   - store: The store to look in.
    ///   - limit: How many stored results with other parameters to show.
    public static func explain(key: EvalKey, params: JSONValue, in store: any CacheBackend, limit: Int = 3)
        async throws -> EvalMissExplanation
    {
        let stored = try await store.evalResults(for: [key])[key]
        let verdict: MissExplanation.Verdict =
            switch stored?.status {
            case .succeeded?: .hit
            case nil: .miss
            default: .storedNotServed
            }
        guard verdict != .hit else {
            return EvalMissExplanation(key: key, params: params, verdict: verdict, stored: stored, nearest: [])
        }
        let others = try await store.evalResults(
            matching: EvalResultFilter(backendID: key.backendID, modelID: key.modelID, tasks: [key.task]))
        let nearest = others.filter { $0.key != key }.map { result in
            Candidate(result: result, differences: params.differences(from: result.params))
        }
        .sorted { ($0.differences.count, $1.result.createdAt) < ($1.differences.count, $0.result.createdAt) }
        return EvalMissExplanation(
            key: key, params: params, verdict: verdict, stored: stored, nearest: Array(nearest.prefix(limit)))
    }

    /// A difference for a person: the task file's hash as "the task file changed", others as they are.
    public static func describe(_ difference: JSONDifference, task: String) -> String {
        guard difference.path == taskFilePath else { return difference.description }
        let file = (try? InspectTaskReference(parsing: task).file) ?? task
        switch (difference.old?.stringValue, difference.new?.stringValue) {
        case (let old?, let new?):
            return "the task file changed: \(file) (SHA-256 \(old.prefix(12))… -> \(new.prefix(12))…)"
        case (nil, _?):
            return "the task file's hash was left out of the stored result's key (--ignore-task-file-changes)"
        default:
            return "the task file's hash is left out of the request's key (--ignore-task-file-changes)"
        }
    }
}
