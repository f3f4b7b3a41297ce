import ArgumentParser
import Foundation
import MOCache

/// `worker`: one of the processes `processes` starts (not meant to be run by hand).
///
/// It opens the store, says it is ready, waits for the go file, then does `ops` operations on the filled
/// entries: lookups, and with probability `write-percent` a new run of its own (claim, job started,
/// finish). It writes a ``WorkerResult`` to `result`.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "A worker process of the `processes` scenario.", shouldDisplay: false)

    @Option(help: "The database, filled by the parent: a SQLite file or a postgresql:// URL.")
    var db: String

    @Option(help: "This worker's index: its random seed and the namespace of the runs it writes.")
    var index: Int

    @Option(help: "Entries filled by the parent; lookups pick among them.")
    var entries: Int

    @Option(help: "Operations to do.")
    var ops: Int

    @Option(help: "Percent of operations that write a new run.")
    var writePercent: Int

    @Option(help: "File to create once the store is open.")
    var readyFile: String

    @Option(help: "File whose appearance starts the timed loop.")
    var goFile: String

    @Option(help: "Where to write the WorkerResult JSON.")
    var result: String

    func run() async throws {
        let opened = try await BenchStore.open(db)
        let store = opened.store
        guard FileManager.default.createFile(atPath: readyFile, contents: nil) else {
            throw BenchError("worker \(index): cannot create \(readyFile)")
        }
        let deadline = ContinuousClock.now + .seconds(120)
        while !FileManager.default.fileExists(atPath: goFile) {
            guard ContinuousClock.now < deadline else { throw BenchError("worker \(index): no go file after 120 s") }
            try await Task.sleep(for: .milliseconds(1))
        }
        var outcome = WorkerResult(index: index)
        outcome.hitNanoseconds.reserveCapacity(ops)
        var generator = SplitMix64(seed: UInt64(index) &+ 1000)
        let worker = Worker.current
        let lease = LeaseRequest(worker: worker, duration: 600)
        let namespace = UInt64(index + 1)
        let config: JSONValue = ["base_model": "llama-3-8b", "worker": .number(Double(index))]
        let clock = ContinuousClock()
        outcome.startMonotonicNs = MonotonicClock.now()
        for _ in 0..<ops {
            let isWrite = Int(generator.next() % 100) < writePercent
            let start = clock.now
            do {
                if isWrite {
                    let number = outcome.writes + outcome.errors
                    let key = BenchKeys.key(number, namespace: namespace)
                    guard case .claimed = try await store.claimTrainingRun(for: key, config: config, lease: lease)
                    else {
                        throw BenchError("worker \(index): key \(number) was not claimed")
                    }
                    try await store.recordTrainingJobStarted(for: key, jobID: "job-\(index)-\(number)", worker: worker)
                    try await store.finishTrainingRun(
                        for: key, owner: worker.owner,
                        outcome: .succeeded(modelID: Self.modelID(worker: index, number: number), metadata: nil))
                    outcome.writeNanoseconds.append(start.duration(to: clock.now).nanoseconds)
                    outcome.writes += 1
                    outcome.acknowledged.append(number)
                } else {
                    let key = BenchKeys.key(Int(generator.next() % UInt64(entries)))
                    guard let record = try await store.trainingRun(for: key), record.status == .succeeded else {
                        throw BenchError("worker \(index): a filled entry was not found")
                    }
                    await store.recordHit(.training(record.id))
                    outcome.hitNanoseconds.append(start.duration(to: clock.now).nanoseconds)
                    outcome.hits += 1
                }
            } catch {
                outcome.errors += 1
                if outcome.errorMessages.count < 5 { outcome.errorMessages.append("\(error)") }
            }
        }
        outcome.endMonotonicNs = MonotonicClock.now()
        do {
            try await opened.close()
        } catch {
            outcome.errors += 1
            outcome.errorMessages.append("close: \(error)")
        }
        try JSONEncoder().encode(outcome).write(to: URL(fileURLWithPath: result))
    }

    /// The model id worker `worker` stores for its run `number`, which the parent checks.
    static func modelID(worker: Int, number: Int) -> String {
        "bench:worker-\(worker)-run-\(number)"
    }
}
