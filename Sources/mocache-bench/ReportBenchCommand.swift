import ArgumentParser
import Foundation
import MOCache

/// `report`: wall time of `mocache report` on a large store of a sweep (training runs and their evals),
/// and the size of the page it writes.
struct ReportBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Wall time and page size of `mocache report` on a store of a large sweep (runs and evals).")

    @Option(help: "The mocache program (default: `mocache` beside this program, else in PATH).")
    var mocache: String?

    @Option(help: "Entries in the store: a quarter training runs, the rest their evals on three tasks.")
    var entries = 100_000

    @Option(help: "Keep the store at this path: made there when missing, used as it is when present.")
    var store: String?

    @Option(help: "Timed runs.")
    var runs = 5

    @Option(help: "Untimed runs first.")
    var warmup = 1

    @OptionGroup var output: OutputOptions

    /// The eval tasks of every model.
    static let tasks = ["heldout", "mmlu", "shifted"]

    func run() async throws {
        guard runs > 0, entries >= 4 else { throw ValidationError("runs must be > 0 and entries >= 4") }
        guard let program = try mocache ?? CLICommand.defaultProgram() else {
            throw ValidationError("no mocache program found: give --mocache PATH")
        }
        let report = try await TemporaryFolder.with(root: output.tempRoot) { folder in
            let path = store ?? folder.file("cache.sqlite")
            if !FileManager.default.fileExists(atPath: path) { try await Self.fill(path: path, entries: entries) }
            let page = folder.file("report.html")
            var environment = ProcessInfo.processInfo.environment
            environment["MOCACHE_DB"] = path
            let arguments = ["report", "--quiet", "-o", page]
            for _ in 0..<warmup { try await ChildProcess.run(program, arguments, environment: environment) }
            var samples: [Int64] = []
            let cpuBefore = MonotonicClock.childrenCPU()
            for _ in 0..<runs {
                samples.append(
                    try await Stopwatch.time {
                        try await ChildProcess.run(program, arguments, environment: environment)
                    }.0)
            }
            let cpu = MonotonicClock.childrenCPU() - cpuBefore
            let bytes = BenchDatabase.bytes(path: page)
            let summary = Summary(nanoseconds: samples, cpuNanoseconds: cpu)
            var report = BenchReport(scenario: "report")
            report.parameters.merge([
                "mocache": program, "entries": store.map { "\($0) (kept)" } ?? "\(entries)", "runs": "\(runs)",
                "warmup": "\(warmup)",
            ]) { _, given in given }
            report.measurements.append(Measurement("mocache report (\(entries) entries)", summary))
            report.figures["page_bytes"] = Double(bytes)
            report.figures["database_bytes"] = Double(BenchDatabase.bytes(path: path))
            report.checks["median_under_2_s"] = summary.medianNs < 2e9
            report.checks["page_under_5_MB"] = bytes < 5_000_000
            report.notes = [
                "the store: a sweep of learning rate x epochs x batch size x seed (a quarter of the entries), each "
                    + "model evaluated on three tasks with two metrics, written through the store's import",
                "wall time of the whole process (start, open, read every record, build, write the page), database in "
                    + "the page cache; cpu/op: its user + system CPU time (the steadier figure on a loaded machine)",
                "target: under 2 s and under 5 MB at 100k entries",
            ]
            return report
        }
        try output.emit(report)
        if !report.checksPassed { throw ExitCode(1) }
    }

    /// Writes a sweep's runs and evals to a new store at `path` through ``SQLiteCacheBackend``'s import.
    static func fill(path: String, entries: Int) async throws {
        let store = try await SQLiteCacheBackend(path: path)
        let trainings = entries / 4
        let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        let dataset = String(repeating: "d", count: 64)
        let params = try JSONValue.object([:]).configHash()
        var generator = SplitMix64(seed: 15)
        var runs: [TrainingRunRecord] = []
        var evals: [EvalResultRecord] = []
        Progress.say("writing \(trainings) runs and \(entries - trainings) evals to \(path)")
        for index in 0..<trainings {
            let rate = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3][index % 10]
            let epochs = [1.0, 2, 3, 5][index / 10 % 4]
            let batch = [16.0, 32, 64][index / 40 % 3]
            let config: JSONValue = [
                "base_model": "llama-3-8b", "options": [:],
                "hyperparameters": [
                    "learning_rate": .number(rate), "epochs": .number(epochs), "batch_size": .number(batch),
                    "seed": .number(Double(index / 120)),
                ],
            ]
            let created = start.addingTimeInterval(Double(index) * 30)
            let model = "bench-sft-\(index)"
            runs.append(
                TrainingRunRecord(
                    id: 0,
                    key: TrainingKey(backendID: "bench:sft", datasetHash: dataset, configHash: try config.configHash()),
                    config: config, status: .succeeded, jobID: "job-\(index)", modelID: model, createdAt: created,
                    startedAt: created, finishedAt: created.addingTimeInterval(600 + Double(index % 600)),
                    host: "bench-host", pid: 1))
            for task in tasks where trainings + evals.count < entries {
                let noise = Double(generator.next() % 1_000) / 20_000
                let accuracy = 0.9 - abs(log10(rate) + 3) / 20 + epochs / 100 - noise
                let finished = created.addingTimeInterval(700 + Double(index % 600))
                evals.append(
                    EvalResultRecord(
                        id: 0, key: EvalKey(backendID: "bench:harness", modelID: model, task: task, paramsHash: params),
                        params: [:], status: .succeeded, metrics: ["accuracy": accuracy, "log_loss": 1 - accuracy],
                        sampleCount: 1_000, createdAt: finished, startedAt: finished,
                        finishedAt: finished.addingTimeInterval(30), host: "bench-host", pid: 1))
            }
        }
        _ = try await store.importTrainingRuns(runs, overwrite: false)
        _ = try await store.importEvalResults(evals, overwrite: false)
        try await store.close()
    }
}
