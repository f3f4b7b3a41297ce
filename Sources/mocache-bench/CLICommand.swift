import ArgumentParser
import Foundation
import MOCache

/// `cli`: wall time of `mocache` commands on a large database, as a person runs them.
struct CLICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cli",
        abstract: "Wall time of `mocache stats` and `mocache models --limit 20` on a large database.")

    @Option(help: "The mocache program (default: `mocache` beside this program, else in PATH).")
    var mocache: String?

    @Option(help: "Entries in the database made for the run.")
    var entries = 1_000_000

    @Option(help: "Use this existing database instead of making one (it is not modified).")
    var db: String?

    @Option(help: "Timed runs of each command.")
    var runs = 10

    @Option(help: "Untimed runs of each command first.")
    var warmup = 2

    @OptionGroup var output: OutputOptions

    /// The commands timed, as arguments of `mocache`.
    static let commands: [[String]] = [["stats"], ["models", "--limit", "20"]]

    func run() async throws {
        guard runs > 0 else { throw ValidationError("runs must be > 0") }
        let program = try mocache ?? Self.defaultProgram()
        let report = try await TemporaryFolder.with(root: output.tempRoot) { folder in
            let path: String
            if let db {
                path = db
            } else {
                path = folder.file("cache.sqlite")
                try await BenchDatabase.fill(path: path, entries: entries)
            }
            var environment = ProcessInfo.processInfo.environment
            environment["MOCACHE_DB"] = path
            var report = BenchReport(scenario: "cli")
            report.parameters.merge([
                "mocache": program, "database": db ?? "\(entries) entries (made for the run)", "runs": "\(runs)",
                "warmup": "\(warmup)",
            ]) { _, given in given }
            for arguments in Self.commands + [["--help"]] {
                for _ in 0..<warmup { try ChildProcess.run(program, arguments, environment: environment) }
                var samples: [Int64] = []
                for _ in 0..<runs {
                    samples.append(
                        try Stopwatch.timeSync { try ChildProcess.run(program, arguments, environment: environment) }.0)
                }
                report.measurements.append(
                    Measurement("mocache \(arguments.joined(separator: " "))", Summary(nanoseconds: samples)))
            }
            report.figures["database_bytes"] = Double(BenchDatabase.bytes(path: path))
            report.notes = [
                "wall time of the whole process (start, open, query, print, exit), database in the page cache",
                "the database is given through MOCACHE_DB; `mocache --help` shows the cost of starting the program",
                "target: mocache stats < 150 ms on 1M entries",
            ]
            return report
        }
        try output.emit(report)
    }

    /// `mocache` beside this program (both are products of the same build), else `mocache` in `PATH`.
    static func defaultProgram() throws -> String {
        let sibling = ((try ProcessesCommand.ownExecutable()) as NSString).deletingLastPathComponent + "/mocache"
        if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        return try ChildProcess.resolve("mocache")
    }
}
