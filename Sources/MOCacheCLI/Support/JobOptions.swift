import ArgumentParser
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
            "How long, in seconds, this worker's claim on a key lasts without renewal: another worker takes "
                + "a dead worker's key over after at most this long.",
            valueName: "seconds"))
    var lease: Double = 60

    @Argument(
        parsing: .postTerminator,
        help: ArgumentHelp("The command that does the job, after --.", valueName: "command"))
    var command: [String] = []

    /// The longest `--timeout`: ten years, far past any job, and far inside what a `Duration` deadline holds.
    static let longestTimeout: Double = 3_650 * 86_400

    func validate() throws {
        if command.isEmpty {
            throw ValidationError("Give the command to run after --, such as: -- python3 finetune.py")
        }
        if !(lease >= 0.1 && lease <= Self.longestTimeout) {
            throw ValidationError("--lease must be between 0.1 and 315360000 seconds, such as 60.")
        }
        if let timeout, !(timeout.seconds >= 0.001 && timeout.seconds <= Self.longestTimeout) {
            throw ValidationError(
                "--timeout must be between 1 ms and 3650d (ten years), such as 90s, 30m or 2h; "
                    + "leave it out for no time limit.")
        }
    }

    /// The timeout as a `Duration`, to the millisecond; `validate()` keeps it within ``longestTimeout``.
    var timeLimit: Duration? {
        timeout.map { .milliseconds(Int64(($0.seconds * 1_000).rounded())) }
    }
}
