import ArgumentParser
import Foundation
import MOCache

/// `lookup`: a training-key hit through ``SQLiteCacheBackend`` beside the same lookup through SQLite's C
/// API on the same file.
struct LookupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Training-key hits through SQLiteCacheBackend vs the raw C-API floor on the same database.")

    @Option(help: "Entries in the database.")
    var entries = 100_000

    @Option(help: "Timed lookups of each kind (split over the rounds).")
    var lookups = 200_000

    @Option(help: "Untimed lookups of each kind before each round.")
    var warmup = 5_000

    @Option(help: "Rounds, alternating the store and the C API, so that drift on a shared machine hits both.")
    var rounds = 5

    @Option(help: "Seed of the lookup order.")
    var seed: UInt64 = 42

    @Flag(
        help: """
            Also time the layers of a lookup through GRDB, to see where the store's time goes, and the C-API \
            floor on copies of the rows in other table shapes.
            """)
    var breakdown = false

    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard entries > 0, lookups > 0, rounds > 0 else {
            throw ValidationError("entries, lookups, rounds must be > 0")
        }
        let report = try await TemporaryFolder.with(root: output.tempRoot) { folder in
            let database = try await BenchDatabase.make(in: folder, entries: entries)
            let result = try await LookupBench.compare(
                database: database, lookups: lookups, warmup: warmup, rounds: rounds, seed: seed)
            try await database.close()
            var layers: [Measurement] = []
            var shapes = TableShapeBreakdown.Result()
            if breakdown {
                Progress.say("breakdown: timing the layers of a lookup")
                let count = max(1, lookups / rounds)
                let keys = BenchKeys.randomOrder(count: count + warmup, entries: entries, seed: seed &+ 1).map {
                    BenchKeys.key($0)
                }
                layers = try await LookupBreakdown.measure(path: database.path, keys: keys, warmup: warmup)
                shapes = try await TableShapeBreakdown.measure(
                    path: database.path, folder: folder, keys: keys, warmup: warmup, rounds: rounds)
            }
            var report = BenchReport(scenario: "lookup")
            report.parameters.merge([
                "entries": "\(entries)", "lookups": "\(lookups)", "warmup": "\(warmup)", "rounds": "\(rounds)",
                "key": "64 hex chars (dataset and config hash), random order",
            ]) { _, given in given }
            report.measurements =
                [
                    Measurement(
                        LookupBench.storeName, result.store, baseline: LookupBench.rawName, result.raw),
                    Measurement(LookupBench.hitPathName, result.hitPath),
                ] + layers + shapes.measurements
            report.figures.merge(shapes.figures) { _, given in given }
            // The hit path's targets: its mean latency <= 1.5x the floor's median, and its CPU per hit
            // (ledger writes included) <= 2x the floor's.
            report.figures["hit_path_mean_over_floor_median"] = result.hitPath.meanNs / result.raw.medianNs
            if let hitCPU = result.hitPath.cpuNsPerOp, let floorCPU = result.raw.cpuNsPerOp, floorCPU > 0 {
                report.figures["hit_path_cpu_over_floor_cpu"] = hitCPU / floorCPU
            }
            report.figures["database_bytes"] = Double(database.bytes())
            report.figures["database_bytes_per_entry"] = Double(database.bytes()) / Double(entries)
            report.checks["every_lookup_hit"] = result.misses == 0
            report.notes =
                [
                    "ratio = store median / C-API median; target <= 1.5 (hoped 1.2)",
                    "C API: one prepared statement, the same SELECT, table, file and pragmas (cache_size 64 MiB, "
                        + "mmap 1 GiB), columns read in place",
                    "hit path = trainingRun(for:) + recordHit (hits are buffered and written in batches, off the caller's "
                        + "path; their CPU counts, the last batch of each round included)",
                ] + shapes.notes
            return report
        }
        try output.emit(report)
        if !report.checksPassed { throw ExitCode(1) }
    }
}
