import ArgumentParser
import Foundation
import MOCache

/// The options of commands that run a job: `mocache train` and `mocache eval`.
struct JobOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How to use the cache: use (serve stored results, store new ones), refresh (run again and overwrite), "
                + "read-only (serve stored results, store nothing), off (always run, no database).",
            valueName: "policy"))
    var policy: CachePolicy = .use

    @Option(help: ArgumentHelp("Stop a job that runs longer than this: 90s, 30m, 2h.", valueName: "span"))
    var timeout: SpanArgument?

    @Option(
        help: ArgumentHelp(
            "How long this worker's claim on a key lasts without renewal: after a crash, another worker takes "
                + "the key over (re-attaching to the job where the backend can) after at most this long. "
                + "Default 60s.",
            valueName: "span"))
    var lease: SpanArgument?

    @Argument(
        parsing: .postTerminator,
        help: ArgumentHelp("The command that does the job, after --.", valueName: "command"))
    var command: [String] = []

    /// The longest `--timeout`: ten years, far past any job, and far inside what a `Duration` deadline holds.
    static let longestTimeout: Double = 3_650 * 86_400

    /// Checks the timeout; ArgumentParser calls this for every command that takes these options.
    func validate() throws {
        if let lease, !(lease.seconds >= 0.1 && lease.seconds <= Self.longestTimeout) {
            throw ValidationError("--lease must be between 0.1s and 3650d, such as 60s or 5m.")
        }
        if let timeout, !(timeout.seconds >= 0.001 && timeout.seconds <= Self.longestTimeout) {
            throw ValidationError(
                "--timeout must be between 1 ms and 3650d (ten years), such as 90s, 30m or 2h; "
                    + "leave it out for no time limit.")
        }
    }

    /// Checks that a command was given; `mocache train --backend openai` needs none.
    func requireCommand() throws {
        if command.isEmpty {
            throw ValidationError("Give the command to run after --, such as: -- python3 finetune.py")
        }
    }

    /// How long a claim lasts without renewal, in seconds.
    var leaseDuration: TimeInterval { lease?.seconds ?? 60 }

    /// The timeout as a `Duration`, to the millisecond; `validate()` keeps it within ``longestTimeout``.
    var timeLimit: Duration? {
        timeout.map { .milliseconds(Int64(($0.seconds * 1_000).rounded())) }
    }
}
