import ArgumentParser
import Foundation
import MOCache

/// `record`: writing runs through the store's public API, one transaction each, and bulk import in
/// batches.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Finishing training runs (one transaction each) and bulk import in batches.")

    @Option(help: "Entries already in the database (so that the index has a realistic size).")
    var entries = 100_000

    @Option(help: "Runs written through the public API (claim, job started, finish: each timed).")
    var runs = 20_000

    @Option(help: "Untimed runs written first.")
    var warmup = 500

    @Option(help: "Rows bulk-imported per batch size.")
    var importRows = 200_000

    @Option(parsing: .upToNextOption, help: "Batch sizes of the bulk import.")
    var batchSizes: [Int] = [100, 1_000, 10_000]

    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard runs > 0, importRows > 0, batchSizes.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("runs, import-rows and batch sizes must be > 0")
        }
        let report = try await TemporaryFolder.with(root: output.tempRoot) { folder in
            let database = try await BenchDatabase.make(in: folder, entries: entries)
            let store = database.store
            let worker = Worker.current
            let lease = LeaseRequest(worker: worker, duration: 600)
            let total = warmup + runs
            let keys = (0..<total).map { BenchKeys.key($0, namespace: 1) }
            let config: JSONValue = ["base_model": "llama-3-8b", "hyperparameters": ["learning_rate": 0.0001]]

            Progress.say("claiming \(total) keys")
            let claims = try await Stopwatch.measure(count: runs, warmup: warmup) { index in
                guard case .claimed = try await store.claimTrainingRun(for: keys[index], config: config, lease: lease)
                else { throw BenchError("key \(index) was not claimed") }
            }
            Progress.say("recording \(total) job starts")
            let starts = try await Stopwatch.measure(count: runs, warmup: warmup) { index in
                try await store.recordTrainingJobStarted(for: keys[index], jobID: "job-\(index)", worker: worker)
            }
            Progress.say("finishing \(total) runs")
            let finishes = try await Stopwatch.measure(count: runs, warmup: warmup) { index in
                let record = try await store.finishTrainingRun(
                    for: keys[index], owner: worker.owner,
                    outcome: .succeeded(modelID: "bench:finished-\(index)", metadata: nil))
                guard record.status == .succeeded else { throw BenchError("run \(index) did not succeed") }
            }
            var stored = 0
            for key in keys where try await store.trainingRun(for: key)?.status == .succeeded { stored += 1 }
            try await database.close()

            var report = BenchReport(scenario: "record")
            report.parameters.merge([
                "entries": "\(entries)", "runs": "\(runs)", "warmup": "\(warmup)", "import_rows": "\(importRows)",
                "batch_sizes": batchSizes.map(String.init).joined(separator: ","),
            ]) { _, given in given }
            report.measurements = [
                Measurement("finishTrainingRun (one transaction)", finishes),
                Measurement("claimTrainingRun (one transaction)", claims),
                Measurement("recordTrainingJobStarted (one transaction)", starts),
            ]
            let lifecycle = claims.medianNs + starts.medianNs + finishes.medianNs
            report.figures["full_run_three_transactions_per_s"] = lifecycle > 0 ? 1e9 / lifecycle : 0
            report.checks["every_finished_run_stored"] = stored == total

            for (offset, batchSize) in batchSizes.enumerated() {
                Progress.say("bulk import: \(importRows) runs through importTrainingRuns in batches of \(batchSize)")
                let reopened = try await SQLiteCacheBackend(path: database.path)
                let batches = try await PublicImport.insert(
                    into: reopened, range: 0..<importRows, namespace: UInt64(100 + offset), batchSize: batchSize)
                try await reopened.close()
                let summary = Summary(
                    nanoseconds: batches, wallNanoseconds: batches.reduce(0, +), opsPerSample: batchSize)
                report.measurements.append(
                    Measurement("importTrainingRuns, batches of \(batchSize) (time per batch)", summary))
                report.figures["import_runs_per_s_batch_\(batchSize)"] = summary.opsPerS
            }
            report.notes = [
                "target: >= 5,000 finishTrainingRun per second (ops/s of its row)",
                "each write is its own immediate transaction, WAL with synchronous=NORMAL (no fsync per commit)",
                "bulk import: SQLiteCacheBackend.importTrainingRuns (one transaction per call); runs/s of each row "
                    + "= runs imported / time in the calls",
            ]
            return report
        }
        try output.emit(report)
        if !report.checksPassed { throw ExitCode(1) }
    }
}
