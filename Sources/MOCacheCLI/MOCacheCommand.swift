import ArgumentParser

/// The `mocache` command: the root that lists every subcommand.
public struct MOCacheCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mocache", abstract: "Look at, explain, run, share and keep healthy a cache of ML experiments.",
        discussion: ExitStatus.discussion,
        subcommands: [
            StatsCommand.self, ModelsCommand.self, EvalsCommand.self, ShowCommand.self, DatasetsCommand.self,
            HashCommand.self, CanonicalCommand.self, WhyMissCommand.self, TrainCommand.self, EvalCommand.self,
            SweepCommand.self, PsCommand.self,
            RemoveCommand.self, PruneCommand.self, ExportCommand.self, ImportCommand.self, CopyCommand.self,
            VerifyCommand.self,
            VacuumCommand.self, PathCommand.self, DemoCommand.self,
            ReportCommand.self,
        ])

    /// Makes the root command; ArgumentParser calls this.
    public init() {}
}
