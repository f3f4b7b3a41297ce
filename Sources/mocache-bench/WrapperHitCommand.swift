import ArgumentParser
import Foundation
import MOCache
import MOCacheTesting

/// `wrapper-hit`: a whole ``CachedTrainingBackend/train(_:replicate:policy:)`` hit on a real dataset
/// file with the hash memo warm, beside hashing that file (what a cache without a memo pays per hit).
struct WrapperHitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wrapper-hit",
        abstract: "CachedTrainingBackend.train hits on a dataset file (memo warm) vs hashing the file.")

    /// Which store the wrapper uses.
    enum Store: String, ExpressibleByArgument, CaseIterable {
        case sqlite
        case memory
    }

    @Option(help: "Size of the dataset file.")
    var datasetSize = ByteCount(bytes: 1 << 30)

    @Option(help: "Timed hits.")
    var hits = 5_000

    @Option(help: "Untimed hits first.")
    var warmup = 200

    @Option(help: "Timed runs of the baseline (hashing the whole file).")
    var hashRuns = 3

    @Option(help: "The store: sqlite (SQLiteCacheBackend, the real case) or memory (InMemoryCacheBackend).")
    var store: Store = .sqlite

    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard hits > 0, hashRuns > 0 else { throw ValidationError("hits and hash-runs must be > 0") }
        let report = try await TemporaryFolder.with(root: output.tempRoot) { folder in
            let datasetPath = folder.file("train.bin")
            try DatasetFile.make(path: datasetPath, size: datasetSize.bytes)
            let cache: any CacheBackend
            var sqlite: SQLiteCacheBackend?
            switch store {
            case .sqlite:
                let opened = try await SQLiteCacheBackend(path: folder.file("cache.sqlite"))
                sqlite = opened
                cache = opened
            case .memory:
                cache = InMemoryCacheBackend()
            }
            let backend = DummyTrainingBackend()
            let trainer = CachedTrainingBackend(backend, store: cache)
            let request = TrainingRequest(
                dataset: .file(path: datasetPath), baseModel: "llama-3-8b",
                hyperparameters: ["learning_rate": 0.0001, "epochs": 3, "batch_size": 16])

            // The miss: hashes the file (and memoizes it: the file is an hour old), trains, stores.
            let (missTime, first) = try await Stopwatch.time { try await trainer.train(request) }
            var allServed = true
            let hitSummary = try await Stopwatch.measure(count: hits, warmup: warmup) { _ in
                let model = try await trainer.train(request)
                if !model.servedFromCache || model.modelID != first.modelID { allServed = false }
            }
            var hashSamples: [Int64] = []
            for run in 0..<hashRuns {
                Progress.say("baseline: hashing the file, run \(run + 1)/\(hashRuns)")
                hashSamples.append(try await Stopwatch.time { try await DatasetHasher.hash(fileAt: datasetPath) }.0)
            }
            try await sqlite?.close()

            var report = BenchReport(scenario: "wrapper-hit")
            report.parameters.merge([
                "dataset_size": "\(datasetSize)", "hits": "\(hits)", "warmup": "\(warmup)",
                "hash_runs": "\(hashRuns)", "store": store.rawValue,
            ]) { _, given in given }
            report.measurements = [
                Measurement(
                    "CachedTrainingBackend.train (hit, memo warm)", hitSummary,
                    baseline: "DatasetHasher.hash(fileAt:) of the dataset", Summary(nanoseconds: hashSamples),
                    speedup: true)
            ]
            report.figures["first_call_miss_ms"] = Double(missTime) / 1e6
            report.checks["first_call_was_a_miss"] = !first.servedFromCache
            report.checks["every_hit_served_from_cache"] = allServed
            report.checks["backend_started_once"] = backend.startCount == 1
            report.notes = [
                "ratio = hashing median / hit median; targets: hit median < 1 ms, ratio >= 500",
                "a hit = stat the file, memo lookup, config canonical JSON + SHA-256, training-run lookup, "
                    + "count the hit",
            ]
            return report
        }
        try output.emit(report)
        if !report.checksPassed { throw ExitCode(1) }
    }
}
