import ArgumentParser
import Foundation
import MOCache

/// `processes`: several processes on one database, mostly hits and some writes; aggregate throughput,
/// latency, errors, and a check that every acknowledged write is stored.
struct ProcessesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "processes",
        abstract: "N worker processes, 90% hits / 10% writes on one database: ops/s, p99, errors, lost writes.")

    @Option(
        help: """
            The server to run on, as postgresql://USER@HOST:PORT/DB: a database mocache_bench_PID is made \
            beside it, filled and dropped. Default: a SQLite file in a temporary folder.
            """)
    var db: String?

    @Option(help: "Worker processes (each is this program, run as `mocache-bench worker`).")
    var workers = 8

    @Option(help: "Entries filled before the workers start; the hits look these up.")
    var entries = 100_000

    @Option(help: "Operations per worker.")
    var opsPerWorker = 20_000

    @Option(help: "Percent of operations that write a new run (claim, job started, finish).")
    var writePercent = 10

    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard workers > 0, entries > 0, opsPerWorker > 0, (0...100).contains(writePercent) else {
            throw ValidationError("workers, entries, ops-per-worker must be > 0 and write-percent in 0...100")
        }
        let executable = try Self.ownExecutable()
        let load = String(format: "%.2f", MonotonicClock.loadAverage())
        let report = try await TemporaryFolder.with(root: output.tempRoot) { folder in
            var server: PostgresBenchDatabase?
            let path: String
            if let db {
                let made = try await PostgresBenchDatabase.make(url: db, entries: entries, evals: 0)
                server = made
                path = made.url
            } else {
                path = folder.file("cache.sqlite")
                try await BenchDatabase.fill(path: path, entries: entries)
            }
            do {
                let report = try await Self.race(
                    path: path, folder: folder, executable: executable,
                    settings: (workers, entries, opsPerWorker, writePercent))
                try await server?.drop(adminURL: db ?? "")
                var withServer = report
                withServer.parameters["store"] = server.map { "PostgreSQL, \($0.location)" } ?? "SQLite"
                withServer.parameters["load_average_at_start"] = load
                return withServer
            } catch {
                try await server?.drop(adminURL: db ?? "")
                throw error
            }
        }
        try output.emit(report)
        if !report.checksPassed { throw ExitCode(1) }
    }

    /// Starts the workers on the store at `path`, lets them go at once, and reports what they did.
    static func race(
        path: String, folder: TemporaryFolder, executable: String,
        settings: (workers: Int, entries: Int, opsPerWorker: Int, writePercent: Int)
    ) async throws -> BenchReport {
        let (workers, entries, opsPerWorker, writePercent) = settings
        let goFile = folder.file("go")
        let processes = (0..<workers).map { index in
            ChildProcess.start(
                executable,
                [
                    "worker", "--db", path, "--index", "\(index)", "--entries", "\(entries)", "--ops",
                    "\(opsPerWorker)", "--write-percent", "\(writePercent)", "--ready-file",
                    folder.file("ready-\(index)"), "--go-file", goFile, "--result",
                    folder.file("result-\(index).json"),
                ])
        }
        Progress.say("started \(workers) workers; waiting until all have opened the database")
        let deadline = ContinuousClock.now + .seconds(120)
        while !(0..<workers).allSatisfy({ FileManager.default.fileExists(atPath: folder.file("ready-\($0)")) }) {
            if ContinuousClock.now > deadline || processes.contains(where: \.hasEnded) {
                for process in processes { await process.stop() }
                throw BenchError("a worker exited or did not get ready in 120 s")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        guard FileManager.default.createFile(atPath: goFile, contents: nil) else {
            for process in processes { await process.stop() }
            throw BenchError("cannot create \(goFile)")
        }
        Progress.say("go: \(workers) x \(opsPerWorker) operations")
        var exitCodes: [Int32] = []
        for process in processes {
            exitCodes.append(try await process.exitStatus())
        }
        var results: [WorkerResult] = []
        for index in 0..<workers {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder.file("result-\(index).json")))
            results.append(try JSONDecoder().decode(WorkerResult.self, from: data))
        }
        let lost = try await Self.lostWrites(results, path: path)
        return Self.report(
            results, exitCodes: exitCodes, lost: lost,
            parameters: [
                "workers": "\(workers)", "entries": "\(entries)", "ops_per_worker": "\(opsPerWorker)",
                "write_percent": "\(writePercent)",
            ])
    }

    /// Reads back every acknowledged write through a fresh store; returns how many are missing or wrong.
    static func lostWrites(_ results: [WorkerResult], path: String) async throws -> Int {
        let opened = try await BenchStore.open(path, readOnly: true)
        let store = opened.store
        var lost = 0
        for result in results {
            for number in result.acknowledged {
                let record = try await store.trainingRun(
                    for: BenchKeys.key(number, namespace: UInt64(result.index + 1)))
                if record?.status != .succeeded
                    || record?.modelID != WorkerCommand.modelID(worker: result.index, number: number)
                {
                    lost += 1
                }
            }
        }
        try await opened.close()
        return lost
    }

    static func report(
        _ results: [WorkerResult], exitCodes: [Int32], lost: Int, parameters: [String: String]
    ) -> BenchReport {
        let hits = results.flatMap(\.hitNanoseconds)
        let writes = results.flatMap(\.writeNanoseconds)
        let start = results.map(\.startMonotonicNs).min() ?? 0
        let end = results.map(\.endMonotonicNs).max() ?? 0
        let wall = max(1, end - start)
        let operations = results.reduce(0) { $0 + $1.hits + $1.writes + $1.errors }
        var report = BenchReport(scenario: "processes")
        report.parameters.merge(parameters) { _, given in given }
        report.measurements = [
            Measurement("all operations (aggregate)", Summary(nanoseconds: hits + writes, wallNanoseconds: wall)),
            Measurement("hits: trainingRun(for:) + recordHit", Summary(nanoseconds: hits, wallNanoseconds: wall)),
            Measurement(
                "writes: claim + job started + finish", Summary(nanoseconds: writes, wallNanoseconds: wall)),
        ]
        let errors = results.reduce(0) { $0 + $1.errors }
        report.figures["aggregate_ops_per_s"] = Double(operations) * 1e9 / Double(wall)
        report.figures["errors"] = Double(errors)
        report.figures["acknowledged_writes"] = Double(results.reduce(0) { $0 + $1.acknowledged.count })
        report.figures["lost_writes"] = Double(lost)
        report.figures["wall_s"] = Double(wall) / 1e9
        report.checks["zero_errors"] = errors == 0
        report.checks["no_lost_write"] = lost == 0
        report.checks["every_worker_exited_0"] = exitCodes.allSatisfy { $0 == 0 }
        report.notes = results.flatMap { result in result.errorMessages.map { "worker \(result.index): \($0)" } }
        report.notes.append(
            "ops/s in each row = that row's operations over the wall time from the first worker's start to the "
                + "last one's end; targets: zero errors, no lost write")
        return report
    }

    /// The path of this program, to start it again as workers.
    static func ownExecutable() throws -> String {
        let path = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchError("cannot find this program's path (\(path))")
        }
        return path
    }
}
