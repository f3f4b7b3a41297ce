import Foundation
import MOCache

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `write-loop --db PATH --writer N [--count K]`: a writer for the tests to kill with `kill -9`.
///
/// Opens the store and prints `open`, then writes entries of its own, one after the other: training
/// runs (claimed, started and finished as three transactions, with configs of 0 to 6 KB so that some
/// transactions span several pages) and, every fourth entry, an evaluation. It prints each
/// acknowledged write at once (see ``LoadKeys``) and counts a hit on an earlier run every few entries.
/// After K entries (default: a million, so in practice until it is killed) it closes the store and
/// prints `done`.
extension WorkerCommand {
    static let writeLoop = WorkerCommand(
        name: "write-loop", usage: "--db PATH --writer N [--count K]", run: runWriteLoop)
}

private func runWriteLoop(_ arguments: [String]) async throws {
    let options = WorkerOptions(arguments)
    let path = try options.require("--db")
    let writer = try LoadKeys.integer(options, "--writer")
    let count = try LoadKeys.integer(options, "--count", fallback: 1_000_000)
    let store = try await SQLiteCacheBackend(path: path, logger: LoadKeys.logger)
    LoadKeys.emit("open")
    let worker = Worker(owner: "writer-\(writer)", host: "kill-host", pid: getpid())
    let lease = LeaseRequest(worker: worker, duration: 600)
    var lastRun: Int64?
    for index in 0..<count {
        if index % 4 == 3 {
            let key = LoadKeys.ownEvalKey(worker: writer, index: index)
            _ = try await store.claimEvalResult(for: key, params: ["index": .number(Double(index))], lease: lease)
            let score = LoadKeys.score(index: index)
            try await store.finishEvalResult(
                for: key, owner: worker.owner,
                outcome: .succeeded(metrics: ["score": score], sampleCount: nil, logPath: nil))
            LoadKeys.emit("ack eval \(key.modelID) \(key.task) \(key.paramsHash) \(score)")
            continue
        }
        let key = LoadKeys.ownTrainingKey(worker: writer, index: index)
        let config = LoadKeys.ownConfig(worker: writer, index: index, padding: (index &* 7919) % 6000)
        _ = try await store.claimTrainingRun(for: key, config: config, lease: lease)
        try await store.recordTrainingJobStarted(for: key, jobID: "job-\(writer)-\(index)", worker: worker)
        let model = LoadKeys.modelID(key)
        let record = try await store.finishTrainingRun(
            for: key, owner: worker.owner, outcome: .succeeded(modelID: model, metadata: nil))
        LoadKeys.emit("ack training \(key.datasetHash) \(key.configHash) \(model)")
        if index % 5 == 0, let lastRun { await store.recordHit(.training(lastRun)) }
        lastRun = record.id
    }
    try await store.close()
    LoadKeys.emit("done")
}
