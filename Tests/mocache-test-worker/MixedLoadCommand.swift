import Foundation
import MOCache

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `mixed-load --db PATH --worker N --workers W --ops K [--seed S] [--barrier DIR]`: one of W processes
/// doing K seeded random operations on one database at once.
///
/// The mix: 30% finish a training run of its own key, 10% finish an evaluation of its own, 10% race the
/// other workers for one of 16 shared keys, 35% look up another worker's training run (counting a hit
/// when it succeeded), 10% look up a batch of another worker's evaluations, 5% browse (a filtered
/// listing or the statistics). Every acknowledged write and counted hit is printed (see ``LoadKeys``).
///
/// It checks what it reads as it goes: its own writes read back at once, and another worker's entry,
/// when succeeded, holds exactly what that worker writes for that key. A contradiction ends it with
/// exit code 2.
///
/// With `--barrier DIR`, each worker opens the store, leaves a file in DIR, and waits until all W are
/// there, so that the operations of all workers overlap. It prints `window START_MS END_MS` (wall
/// clock, when its operations began and ended) and, last, `done ops=K`.
extension WorkerCommand {
    static let mixedLoad = WorkerCommand(
        name: "mixed-load", usage: "--db PATH --worker N --workers W --ops K [--seed S] [--barrier DIR]",
        run: runMixedLoad)
}

private func runMixedLoad(_ arguments: [String]) async throws {
    let options = WorkerOptions(arguments)
    let path = try options.require("--db")
    let me = try LoadKeys.integer(options, "--worker")
    let workers = try LoadKeys.integer(options, "--workers")
    let ops = try LoadKeys.integer(options, "--ops")
    let seed = UInt64(try LoadKeys.integer(options, "--seed", fallback: 1))
    guard workers >= 2, (0..<workers).contains(me), ops > 0 else {
        throw WorkerUsageError(message: "need --workers >= 2, 0 <= --worker < --workers, --ops > 0")
    }
    let store = try await SQLiteCacheBackend(path: path, logger: LoadKeys.logger)
    if let barrier = options["--barrier"] {
        try await waitForEveryone(in: barrier, me: me, workers: workers)
    }
    let load = MixedLoad(store: store, me: me, workers: workers, ops: ops)
    var random = SplitMix64(seed: seed &* 1_000_003 &+ UInt64(me))
    let started = Date()
    for op in 0..<ops {
        let roll = Int.random(in: 0..<100, using: &random)
        switch roll {
        case 0..<30: try await load.writeTraining(index: op)
        case 30..<40: try await load.writeEval(index: op)
        case 40..<50: try await load.raceForShared(Int.random(in: 0..<16, using: &random))
        case 50..<85: try await load.readTraining(&random)
        case 85..<95: try await load.readEvals(&random)
        default: try await load.browse(listing: roll % 2 == 0)
        }
    }
    let ended = Date()
    try await store.close()
    LoadKeys.emit(
        "window \(Int(started.timeIntervalSince1970 * 1000)) \(Int(ended.timeIntervalSince1970 * 1000))")
    LoadKeys.emit("done ops=\(ops)")
}

/// Leaves `ready-ME` in `folder` and waits (up to 5 minutes) until every worker left its file.
private func waitForEveryone(in folder: String, me: Int, workers: Int) async throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    guard FileManager.default.createFile(atPath: folder + "/ready-\(me)", contents: Data()) else {
        throw LoadCheckFailure(description: "cannot write the barrier file in \(folder)")
    }
    let deadline = Date().addingTimeInterval(300)
    while Date() < deadline {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        if names.filter({ $0.hasPrefix("ready-") }).count >= workers { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    throw LoadCheckFailure(description: "the other workers never reached the barrier in \(folder)")
}

/// The operations of one `mixed-load` worker.
private struct MixedLoad {
    let store: SQLiteCacheBackend
    let me: Int
    let workers: Int
    let ops: Int

    var worker: Worker { Worker(owner: "load-\(me)", host: "load-host", pid: getpid()) }

    func writeTraining(index: Int) async throws {
        let key = LoadKeys.ownTrainingKey(worker: me, index: index)
        let lease = LeaseRequest(worker: worker, duration: 600)
        let claim = try await store.claimTrainingRun(
            for: key, config: LoadKeys.ownConfig(worker: me, index: index), lease: lease)
        guard case .claimed = claim else { throw LoadCheckFailure(description: "own key \(key): \(claim)") }
        try await store.recordTrainingJobStarted(for: key, jobID: "job-\(me)-\(index)", worker: worker)
        let model = LoadKeys.modelID(key)
        try await store.finishTrainingRun(
            for: key, owner: worker.owner, outcome: .succeeded(modelID: model, metadata: nil))
        LoadKeys.emit("ack training \(key.datasetHash) \(key.configHash) \(model)")
        // Read your own write, through a reader connection.
        let back = try await store.trainingRun(for: key)
        guard back?.status == .succeeded, back?.modelID == model else {
            throw LoadCheckFailure(description: "own write \(key) read back as \(String(describing: back))")
        }
    }

    func writeEval(index: Int) async throws {
        let key = LoadKeys.ownEvalKey(worker: me, index: index)
        let lease = LeaseRequest(worker: worker, duration: 600)
        let claim = try await store.claimEvalResult(for: key, params: ["index": .number(Double(index))], lease: lease)
        guard case .claimed = claim else { throw LoadCheckFailure(description: "own key \(key): \(claim)") }
        try await store.recordEvalJobStarted(for: key, jobID: nil, worker: worker)
        let score = LoadKeys.score(index: index)
        try await store.finishEvalResult(
            for: key, owner: worker.owner,
            outcome: .succeeded(metrics: ["score": score, "worker": Double(me)], sampleCount: index, logPath: nil))
        LoadKeys.emit("ack eval \(key.modelID) \(key.task) \(key.paramsHash) \(score)")
    }

    func raceForShared(_ number: Int) async throws {
        let key = LoadKeys.sharedKey(number)
        let lease = LeaseRequest(worker: worker, duration: 600)
        switch try await store.claimTrainingRun(for: key, config: ["shared": .number(Double(number))], lease: lease) {
        case .claimed:
            try await store.recordTrainingJobStarted(for: key, jobID: "shared-job-\(me)", worker: worker)
            let model = "shared-\(number)-by-\(me)"
            try await store.finishTrainingRun(
                for: key, owner: worker.owner, outcome: .succeeded(modelID: model, metadata: nil))
            LoadKeys.emit("ack shared \(key.configHash) \(model)")
        case .completed(let record):
            guard record.modelID?.hasPrefix("shared-\(number)-by-") == true else {
                throw LoadCheckFailure(description: "shared key \(number) holds \(record)")
            }
            await store.recordHit(.training(record.id))
            LoadKeys.emit("hit \(key.datasetHash) \(key.configHash)")
        case .heldElsewhere:
            break
        }
    }

    func readTraining(_ random: inout SplitMix64) async throws {
        let other = otherWorker(&random)
        let key = LoadKeys.ownTrainingKey(worker: other, index: Int.random(in: 0..<ops, using: &random))
        guard let record = try await store.trainingRun(for: key), record.status == .succeeded else { return }
        guard record.key == key, record.modelID == LoadKeys.modelID(key),
            record.config["worker"] == .number(Double(other))
        else {
            throw LoadCheckFailure(description: "\(key) of worker \(other) holds \(record)")
        }
        await store.recordHit(.training(record.id))
        LoadKeys.emit("hit \(key.datasetHash) \(key.configHash)")
    }

    func readEvals(_ random: inout SplitMix64) async throws {
        let other = otherWorker(&random)
        let indexes = (0..<3).map { _ in Int.random(in: 0..<ops, using: &random) }
        let keys = indexes.map { LoadKeys.ownEvalKey(worker: other, index: $0) }
        let found = try await store.evalResults(for: keys)
        for (index, key) in zip(indexes, keys) {
            guard let record = found[key], record.status == .succeeded else { continue }
            guard record.metrics?["score"] == LoadKeys.score(index: index),
                record.metrics?["worker"] == Double(other)
            else {
                throw LoadCheckFailure(description: "\(key) of worker \(other) holds \(record)")
            }
        }
    }

    func browse(listing: Bool) async throws {
        if listing {
            let runs = try await store.trainingRuns(
                matching: TrainingRunFilter(backendID: LoadKeys.backendID, status: .succeeded, limit: 25))
            guard runs.allSatisfy({ $0.status == .succeeded && $0.modelID != nil }) else {
                throw LoadCheckFailure(description: "a listing of succeeded runs holds others: \(runs)")
            }
        } else {
            _ = try await store.statistics()
        }
    }

    private func otherWorker(_ random: inout SplitMix64) -> Int {
        (me + Int.random(in: 1..<workers, using: &random)) % workers
    }
}
