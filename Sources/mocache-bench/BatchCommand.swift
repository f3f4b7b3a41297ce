import ArgumentParser
import Foundation
import MOCache

/// `batch`: "which of these keys are stored", as a sweep asks before it runs: one
/// ``SQLiteCacheBackend/trainingRuns(for:)`` call for many keys, beside the same keys looked up one by one
/// through SQLite's C API (the floor) and through the store's single lookup.
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "One call for many training keys vs the same keys one by one (C API floor, store).")

    @Option(help: "Entries in the database.")
    var entries = 100_000

    @Option(help: "Keys in one call; half are stored, half are not.")
    var keys = 10_000

    @Option(help: "Timed calls of each kind.")
    var rounds = 15

    @Option(help: "Seed of the key order.")
    var seed: UInt64 = 7

    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard entries > 0, keys > 1, rounds > 0 else { throw ValidationError("entries, keys, rounds must be > 0") }
        let report = try await TemporaryFolder.with(root: output.tempRoot) { folder in
            let database = try await BenchDatabase.make(in: folder, entries: entries)
            let stored = BenchKeys.randomOrder(count: keys / 2, entries: entries, seed: seed).map { BenchKeys.key($0) }
            // Keys of another namespace: the same shape, never stored.
            let missing = (0..<(keys - keys / 2)).map { BenchKeys.key($0, namespace: 99) }
            let asked = zip(stored, missing).flatMap { [$0, $1] } + missing.dropFirst(stored.count)
            let raw = try RawTrainingLookup(path: database.path)
            var found = (batch: 0, raw: 0, single: 0)
            let floor = try await Stopwatch.measure(count: rounds, warmup: 1) { _ in
                var count = 0
                for key in asked where try raw.lookup(key) != nil { count += 1 }
                found.raw = count
            }
            let batch = try await Stopwatch.measure(count: rounds, warmup: 1) { _ in
                found.batch = try await database.store.trainingRuns(for: asked).count
            }
            let single = try await Stopwatch.measure(count: rounds, warmup: 1) { _ in
                var count = 0
                for key in asked where try await database.store.trainingRun(for: key) != nil { count += 1 }
                found.single = count
            }
            try await database.close()
            var report = BenchReport(scenario: "batch")
            report.parameters.merge([
                "entries": "\(entries)", "keys": "\(asked.count) (\(stored.count) stored)", "rounds": "\(rounds)",
            ]) { _, given in given }
            report.measurements = [
                Measurement(
                    "trainingRuns(for:) of \(asked.count) keys, one call", batch,
                    baseline: "C API, one lookup per key", floor),
                Measurement(
                    "trainingRun(for:) per key, \(asked.count) calls", single,
                    baseline: "C API, one lookup per key", floor),
            ]
            report.figures["batch_median_ms"] = batch.medianNs / 1e6
            report.checks["every_stored_key_found"] =
                found.batch == stored.count && found.raw == stored.count && found.single == stored.count
            report.checks["batch_under_20_ms"] = batch.medianNs < 20e6
            report.notes = [
                "target: one call for 10,000 keys under 20 ms (SQLite); ratio = median / C-API floor median",
                "C API floor: the store's SELECT prepared once, stepped once per key, columns read in place",
            ]
            return report
        }
        try output.emit(report)
        if !report.checksPassed { throw ExitCode(1) }
    }
}
