import ArgumentParser

/// `mocache-bench`: the benchmark program. Each scenario is a subcommand that measures one thing beside
/// its baseline, in the same run, and prints a table for people or JSON for scripts.
///
/// Run it in release mode: `swift run -c release mocache-bench lookup --entries 100000`.
@main
struct MOCacheBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mocache-bench",
        abstract: "Measures mocache beside its baselines: lookups, hits, hashing, writes, scale, processes, CLI.",
        subcommands: [
            LookupCommand.self, WrapperHitCommand.self, HashCommand.self, RecordCommand.self, ScaleCommand.self,
            PostgresCommand.self, BatchCommand.self,
            ProcessesCommand.self, CLICommand.self, WorkerCommand.self, ReportBenchCommand.self,
        ]
    )
}
