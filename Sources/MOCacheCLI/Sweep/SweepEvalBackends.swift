import Foundation
import MOCache

/// Where a sweep's `eval.backend` becomes an ``EvalBackend``: the one place to add a family of eval
/// backends (such as inspect) to sweeps.
///
/// Today every eval backend of a sweep is a process backend: `eval.command` runs once per task, as
/// `mocache eval` runs it. A backend that needs no command adds its id here, in both ``check(_:source:)``
/// and ``backend(for:timeout:echoOutput:)``.
enum SweepEvalBackends {
    /// Checks what the eval section needs before anything runs: a command that exists.
    ///
    /// - Throws: ``MOCacheError`` with code `invalid_config` saying what to give.
    static func check(_ evaluation: SweepEvaluation, source: String) throws {
        guard !evaluation.command.isEmpty else {
            throw MOCacheError(
                .invalidConfig,
                "\(source): eval.command is missing: give the command that scores a model on a task, such as "
                    + "[python3, eval.py] (eval.backend \(evaluation.backend) runs it as a process).",
                path: source)
        }
        try CommandLookup.check(evaluation.command, member: "eval.command", source: source)
    }

    /// The backend that scores the sweep's models; ``check(_:source:)`` has passed.
    ///
    /// - Parameters:
    ///   - evaluation: The eval section.
    ///   - timeout: The longest a task may run.
    ///   - echoOutput: Whether the command's output is copied to standard error.
    static func backend(for evaluation: SweepEvaluation, timeout: Duration?, echoOutput: Bool) -> any EvalBackend {
        ProcessEvalBackend(
            backendID: evaluation.backend, command: evaluation.command, timeout: timeout, echoOutput: echoOutput)
    }
}
