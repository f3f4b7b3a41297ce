import ArgumentParser
import Foundation
import MOCache
import MOCachePostgres
import PostgresNIO

/// `postgres`: the PostgreSQL store on a server, each figure beside its floor in the same run: a hit
/// against a raw prepared `SELECT`, a batch of eval keys against one lookup per key, and how soon a
/// waiter learns of another store's finish (LISTEN/NOTIFY).
struct PostgresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "PostgresCacheBackend: hits vs a raw prepared SELECT, batch eval lookups, waiter wake-up latency.",
        discussion: """
            --db names a server and a database the user may create databases beside: the scenario makes \
            mocache_bench_PID, fills it and drops it at the end. For 8 processes at 90/10 on the server, run \
            `mocache-bench processes --db postgresql://...`.
            """)

    @Option(help: "The server: postgresql://USER@HOST:PORT/DB (password from the URL, PGPASSWORD or ~/.pgpass).")
    var db: String

    @Option(help: "Training runs in the database.")
    var entries = 100_000

    @Option(help: "Eval results in the database.")
    var evals = 10_000

    @Option(help: "Timed hits of each kind (split over the rounds).")
    var lookups = 20_000

    @Option(help: "Untimed hits of each kind before each round.")
    var warmup = 1_000

    @Option(help: "Rounds, alternating the store and the raw statement.")
    var rounds = 5

    @Option(help: "Keys in one batch eval lookup.")
    var batch = 1_000

    @Option(help: "Timed batches (and as many times batch single lookups).")
    var batches = 20

    @Option(help: "Timed wake-ups of a waiter.")
    var wakes = 200

    @Option(help: "Seed of the lookup order.")
    var seed: UInt64 = 42

    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard entries > 0, evals >= batch, lookups > 0, rounds > 0, batch > 0, batches > 0, wakes > 0 else {
            throw ValidationError("every count must be > 0, and --evals at least --batch")
        }
        let database = try await PostgresBenchDatabase.make(url: db, entries: entries, evals: evals)
        let report: BenchReport
        do {
            report = try await measure(database)
        } catch {
            try await database.drop(adminURL: db)
            throw error
        }
        try await database.drop(adminURL: db)
        try output.emit(report)
        if !report.checksPassed { throw ExitCode(1) }
    }

    private func measure(_ database: PostgresBenchDatabase) async throws -> BenchReport {
        let logger = PostgresBenchDatabase.logger
        let store = try await PostgresCacheBackend(location: database.location, logger: logger)
        var report = BenchReport(scenario: "postgres")
        do {
            let hits = try await compareHits(store: store, database: database)
            let batchFigures = try await compareBatch(store: store)
            let wake = try await wakeLatency(store: store, database: database)
            report.measurements = [
                Measurement(
                    "PostgresCacheBackend.trainingRun(for:)", hits.store, baseline: "raw prepared SELECT", hits.raw),
                Measurement(
                    "evalResults(for:) of \(batch) keys", batchFigures.batch,
                    baseline: "\(batch) single evalResults(for:)",
                    batchFigures.singles, speedup: true),
                Measurement("waiter woken after another store's finish", wake.latency),
                Measurement("finishTrainingRun (the finishing store)", wake.finish),
            ]
            report.checks["every_lookup_hit"] = hits.misses == 0
            report.checks["every_batch_found_all"] = batchFigures.allFound
            report.figures["wakes_by_poll_not_notify"] = Double(wake.missed)
        } catch {
            try await store.close()
            throw error
        }
        try await store.close()
        report.parameters.merge([
            "server": "\(database.location)", "entries": "\(entries)", "evals": "\(evals)",
            "lookups": "\(lookups)", "rounds": "\(rounds)", "batch": "\(batch)", "batches": "\(batches)",
            "wakes": "\(wakes)",
        ]) { _, given in given }
        report.notes = [
            "hit ratio = store median / raw median; target <= 1.3. The raw floor: the same SELECT of the same "
                + "columns as a prepared statement on one connection held throughout, decoding 3 of the 19 columns; "
                + "the store goes through its pool, an unnamed statement, and decodes every column",
            "batch ratio = (batch single lookups) median / one batch median; target >= 20x",
            "wake-up = from the finishing store's call to finishTrainingRun to the waiter's waitForChange "
                + "returning (another store, another connection, through the server's NOTIFY); target: well "
                + "under 200 ms. A wake by poll (the waiter registered after the notification) counts in "
                + "wakes_by_poll_not_notify",
        ]
        return report
    }

    // MARK: - Hits

    private func compareHits(store: PostgresCacheBackend, database: PostgresBenchDatabase) async throws
        -> (store: Summary, raw: Summary, misses: Int)
    {
        let perRound = max(1, lookups / rounds)
        let keys = BenchKeys.randomOrder(count: perRound + warmup, entries: entries, seed: seed).map {
            BenchKeys.key($0)
        }
        var storeSamples: [Int64] = []
        var rawSamples: [Int64] = []
        var storeWall = LookupBench.Timing()
        var rawWall = LookupBench.Timing()
        var misses = 0
        try await PostgresBenchDatabase.withConnection(database.location) { connection in
            let logger = PostgresBenchDatabase.logger
            for round in 0..<rounds {
                Progress.say("hit round \(round + 1)/\(rounds): \(perRound) lookups each way")
                try await LookupBench.timed(keys: keys, warmup: warmup, samples: &rawSamples, wall: &rawWall) { key in
                    var found = false
                    for try await row in try await connection.execute(PostgresRawLookup(key: key), logger: logger) {
                        found = row.1 == "succeeded"
                    }
                    if !found { misses += 1 }
                }
                try await LookupBench.timed(keys: keys, warmup: warmup, samples: &storeSamples, wall: &storeWall) {
                    key in
                    guard let record = try await store.trainingRun(for: key), record.status == .succeeded else {
                        misses += 1
                        return
                    }
                }
            }
        }
        return (
            Summary(nanoseconds: storeSamples, wallNanoseconds: storeWall.wall, cpuNanoseconds: storeWall.cpu),
            Summary(nanoseconds: rawSamples, wallNanoseconds: rawWall.wall, cpuNanoseconds: rawWall.cpu), misses
        )
    }

    // MARK: - Batch

    private func compareBatch(store: PostgresCacheBackend) async throws
        -> (batch: Summary, singles: Summary, allFound: Bool)
    {
        var batchSamples: [Int64] = []
        var singleSamples: [Int64] = []
        var allFound = true
        for round in 0..<(batches + 1) {
            let indexes = BenchKeys.randomOrder(count: batch, entries: evals, seed: seed &+ UInt64(round))
            let keys = indexes.map(PostgresBenchDatabase.evalKey)
            Progress.say("batch \(round + 1)/\(batches + 1)\(round == 0 ? " (warm-up)" : "")")
            let (batchTime, found) = try await Stopwatch.time { try await store.evalResults(for: keys) }
            let (singlesTime, singlesFound) = try await Stopwatch.time {
                var count = 0
                for key in keys { count += try await store.evalResults(for: [key]).count }
                return count
            }
            allFound = allFound && found.count == keys.count && singlesFound == keys.count
            if round > 0 {
                batchSamples.append(batchTime)
                singleSamples.append(singlesTime)
            }
        }
        return (Summary(nanoseconds: batchSamples), Summary(nanoseconds: singleSamples), allFound)
    }

    // MARK: - Wake-up

    private func wakeLatency(store waiter: PostgresCacheBackend, database: PostgresBenchDatabase) async throws
        -> (latency: Summary, finish: Summary, missed: Int)
    {
        let finisher = try await PostgresCacheBackend(location: database.location, logger: PostgresBenchDatabase.logger)
        var latencies: [Int64] = []
        var finishes: [Int64] = []
        var missed = 0
        do {
            // The waiter's listening connection starts with the store; give it a moment to LISTEN.
            try await Task.sleep(for: .milliseconds(500))
            let worker = Worker.current
            let clock = ContinuousClock()
            for index in 0..<(wakes + 5) {
                if index % 50 == 0 { Progress.say("wake-up \(index)/\(wakes + 5)") }
                let key = BenchKeys.key(index, namespace: 0xAA)
                guard
                    case .claimed(let run) = try await finisher.claimTrainingRun(
                        for: key, config: ["wake": .number(Double(index))], lease: LeaseRequest(worker: worker))
                else { throw BenchError("wake-up \(index): the key was not claimed") }
                try await finisher.recordTrainingJobStarted(for: key, jobID: "job-\(index)", worker: worker)
                let waiting = Task {
                    try await waiter.waitForChange(of: [.training(run.id)], timeout: .seconds(5))
                    return clock.now
                }
                // Let the waiter register before the finish (a bench may wait; a test may not).
                try await Task.sleep(for: .milliseconds(30))
                let start = clock.now
                _ = try await finisher.finishTrainingRun(
                    for: key, owner: worker.owner, outcome: .succeeded(modelID: "wake-\(index)", metadata: nil))
                let finished = clock.now
                let woken = try await waiting.value
                let latency = start.duration(to: woken)
                if latency > .seconds(1) { missed += 1 }
                if index >= 5 {
                    latencies.append(latency.nanoseconds)
                    finishes.append(start.duration(to: finished).nanoseconds)
                }
            }
        } catch {
            try await finisher.close()
            throw error
        }
        try await finisher.close()
        return (Summary(nanoseconds: latencies), Summary(nanoseconds: finishes), missed)
    }
}
