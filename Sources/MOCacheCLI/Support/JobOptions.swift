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

    @Argument(
        parsing: .postTerminator,
        help: ArgumentHelp("The command that does the job, after --.", valueName: "command"))
    var command: [String] = []

    /// Checks that a command was given; `mocache train --backend openai` needs none.
    func requireCommand() throws {
        if command.isEmpty {
            throw ValidationError("Give the command to run after --, such as: -- python3 finetune.py")
        }
    }

    /// The timeout as a `Duration`.
    var timeLimit: Duration? {
        timeout.map { .milliseconds(Int64(($0.seconds * 1_000).rounded())) }
    }
}
