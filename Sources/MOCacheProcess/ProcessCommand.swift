import Foundation
import MOCacheCore

/// A command that a process backend runs, and how it runs: its arguments, working directory,
/// environment, time limit and whether its output is echoed.
///
/// ``ProcessTrainingBackend`` runs the command once per training job, ``ProcessEvalBackend`` once per
/// eval task. Build one value and hand it to either, or to both when one program trains and evaluates:
///
/// ```swift
/// let command = ProcessCommand(
///     arguments: ["python3", "finetune.py"], workingDirectory: "/srv/experiments",
///     environment: ["CUDA_VISIBLE_DEVICES": "0"], timeout: .seconds(6 * 3600))
/// let trainer = ProcessTrainingBackend(backendID: "process:sft", command: command)
/// ```
///
/// None of these settings are part of the cache keys: the backend id is. Two commands that compute
/// different things belong under different backend ids.
public struct ProcessCommand: Hashable, Sendable {
    /// The program and its arguments. The program is searched in `PATH` when it has no slash.
    public let arguments: [String]
    /// Where the command runs; `nil` for the current directory.
    public let workingDirectory: String?
    /// Variables added to the environment the command inherits. The backend's own `MOCACHE_*`
    /// variables take precedence over these.
    public let environment: [String: String]
    /// How long one run may take (one training job, or one eval task) before the command and its
    /// process group are stopped; `nil` for no limit.
    public let timeout: Duration?
    /// Copy the command's output to standard error while it runs, so a person can follow it.
    public let echoOutput: Bool

    /// Makes a command from its arguments and how it runs.
    ///
    /// - Parameters:
    ///   - arguments: The program and its arguments, such as `["python3", "finetune.py"]`.
    ///   - workingDirectory: Where the command runs; `nil` for the current directory.
    ///   - environment: Variables added to the environment the command inherits.
    ///   - timeout: How long one run may take; `nil` for no limit.
    ///   - echoOutput: Copy the command's output to standard error while it runs.
    public init(
        arguments: [String], workingDirectory: String? = nil, environment: [String: String] = [:],
        timeout: Duration? = nil, echoOutput: Bool = false
    ) {
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.timeout = timeout
        self.echoOutput = echoOutput
    }

    /// The command as one line, for error messages.
    var commandLine: String {
        arguments.joined(separator: " ")
    }

    /// The whole environment of one run: `inherited`, then ``environment``, then the backend's
    /// `variables` for this run, each later one winning over an earlier one with the same name.
    func environment(adding variables: [String: String], to inherited: [String: String]) -> [String: String] {
        inherited.merging(environment) { $1 }.merging(variables) { $1 }
    }
}
