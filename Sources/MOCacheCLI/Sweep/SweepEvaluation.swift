import MOCache

/// The `eval:` section of a sweep file: the tasks every trained model is scored on.
///
/// A backend with a command is a process backend (``ProcessEvalBackend``); ``SweepEvalBackends``
/// is where an id becomes a backend, and where another family of eval backends is added.
struct SweepEvaluation: Hashable, Sendable {
    /// The backend id in the cache key (`process:harness`).
    let backend: String
    /// The eval command; empty when the backend needs none.
    let command: [String]
    /// The tasks, in order, without repeats; never empty.
    let tasks: [String]
    /// The eval parameters shared by every task (an object; empty when not given).
    let params: JSONValue
}
