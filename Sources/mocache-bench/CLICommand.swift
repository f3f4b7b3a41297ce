import ArgumentParser
import Foundation
import MOCache

/// `cli`: wall time of `mocache` commands on a large database, as a person runs them.
struct CLICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cli",
        abstract: "Wall time of `mocache stats` and `mocache models --limit 20` on a large database.")

    @Option(help: "The mocache program (default: `mocache` beside this program, else in PATH, else none).")
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
            var report = BenchReport(scenario: "cli")
            report.parameters.merge([
                "mocache": program ?? "none found", "database": db ?? "\(entries) entries (made for the run)",
                "runs": "\(runs)", "warmup": "\(warmup)",
            ]) { _, given in given }
            if let program {
                var environment = ProcessInfo.processInfo.environment
                environment["MOCACHE_DB"] = path
                for arguments in Self.commands + [["--help"]] {
                    for _ in 0..<warmup { try await ChildProcess.run(program, arguments, environment: environment) }
                    var samples: [Int64] = []
                    for _ in 0..<runs {
                        samples.append(
                            try await Stopwatch.time {
                                try await ChildProcess.run(program, arguments, environment: environment)
                            }
                            .0)
                    }
                    report.measurements.append(
                        Measurement("mocache \(arguments.joined(separator: " "))", Summary(nanoseconds: samples)))
                }
            } else {
                report.notes.append(
                    "no mocache program found (give --mocache PATH): only the library's share was measured")
            }
            report.measurements += try await Self.libraryWork(path: path, runs: runs, warmup: warmup)
            report.figures["database_bytes"] = Double(BenchDatabase.bytes(path: path))
            report.notes += [
                "mocache ...: wall time of the whole process (start, open, query, print, exit), database in the page "
                    + "cache, given through MOCACHE_DB; `mocache --help` is the cost of starting the program",
                "library: the store calls behind each command, in this process: open read-only, the query, close",
                "target: mocache stats < 150 ms on 1M entries",
            ]
            return report
        }
        try output.emit(report)
    }

    /// The library's share of each command: what `mocache stats` and `mocache models --limit 20` call,
    /// timed in this process, a fresh read-only store each time (as each command opens one).
    static func libraryWork(path: String, runs: Int, warmup: Int) async throws -> [Measurement] {
        let stats = try await Stopwatch.measure(count: runs, warmup: warmup) { _ in
            let store = try await SQLiteCacheBackend(path: path, access: .readOnly)
            _ = try await store.statistics()
            try await store.close()
        }
        let models = try await Stopwatch.measure(count: runs, warmup: warmup) { _ in
            let store = try await SQLiteCacheBackend(path: path, access: .readOnly)
            let found = try await store.trainingRuns(matching: TrainingRunFilter(limit: 20))
            try await store.close()
            guard found.count == 20 else { throw BenchError("models: \(found.count) runs instead of 20") }
        }
        let open = try await Stopwatch.measure(count: runs, warmup: warmup) { _ in
            let store = try await SQLiteCacheBackend(path: path, access: .readOnly)
            try await store.close()
        }
        return [
            Measurement("library: open read-only + statistics() + close", stats),
            Measurement("library: open read-only + trainingRuns(limit: 20) + close", models),
            Measurement("library: open read-only + close", open),
        ]
    }

    /// `mocache` beside this program (both are products of the same build), else `mocache` in `PATH`, else
    /// `nil`.
    static func defaultProgram() throws -> String? {
        let sibling = ((try ProcessesCommand.ownExecutable()) as NSString).deletingLastPathComponent + "/mocache"
        if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        return try? ChildProcess.resolve("mocache")
    }
}
