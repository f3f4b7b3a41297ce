import ArgumentParser
import Foundation
import MOCache

/// `scale`: the lookup median as the database grows, and its size per entry.
struct ScaleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale", abstract: "Lookup median at 1k, 100k and 1M entries, and database bytes per entry.")

    @Option(parsing: .upToNextOption, help: "Database sizes, in entries.")
    var sizes: [Int] = [1_000, 100_000, 1_000_000]

    @Option(help: "Timed lookups of each kind per size.")
    var lookups = 100_000

    @Option(help: "Untimed lookups before each round.")
    var warmup = 5_000

    @Option(help: "Rounds per size, alternating the store and the C API.")
    var rounds = 3

    @Option(help: "Seed of the lookup order.")
    var seed: UInt64 = 42

    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }), lookups > 0, rounds > 0 else {
            throw ValidationError("sizes, lookups and rounds must be > 0")
        }
        var report = BenchReport(scenario: "scale")
        report.parameters.merge([
            "sizes": sizes.map(String.init).joined(separator: ","), "lookups": "\(lookups)", "rounds": "\(rounds)",
        ]) { _, given in given }
        var medians: [(entries: Int, store: Double, raw: Double)] = []
        var allHit = true
        for size in sizes {
            try await TemporaryFolder.with(root: output.tempRoot) { folder in
                let database = try await BenchDatabase.make(in: folder, entries: size)
                let result = try await LookupBench.compare(
                    database: database, lookups: lookups, warmup: warmup, rounds: rounds, seed: seed,
                    withHitPath: false)
                try await database.close()
                allHit = allHit && result.misses == 0
                report.measurements.append(
                    Measurement(
                        "\(LookupBench.storeName) @ \(size) entries", result.store,
                        baseline: "\(LookupBench.rawName) @ \(size) entries", result.raw))
                report.figures["bytes_per_entry_at_\(size)"] = Double(database.bytes()) / Double(size)
                medians.append((size, result.store.medianNs, result.raw.medianNs))
            }
        }
        if let smallest = medians.min(by: { $0.entries < $1.entries }),
            let largest = medians.max(by: { $0.entries < $1.entries }), smallest.entries != largest.entries
        {
            report.figures["store_median_ratio_largest_vs_smallest"] = largest.store / smallest.store
            report.figures["c_api_median_ratio_largest_vs_smallest"] = largest.raw / smallest.raw
        }
        report.checks["every_lookup_hit"] = allHit
        report.notes = [
            "target: store median at the largest size / at the smallest <= 1.5",
            "each size is a fresh database filled by bulk import, then looked up warm (in the page cache)",
            "bytes per entry = (database file + WAL) / entries, after a checkpoint",
        ]
        try output.emit(report)
        if !report.checksPassed { throw ExitCode(1) }
    }
}
