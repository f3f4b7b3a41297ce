import Foundation
import Logging
import MOCache
import MOCacheTesting

/// `train`: one training request through `CachedTrainingBackend` on a shared database, as one worker
/// of a sweep would run it. Prints `{"model_id", "job_id", "served_from_cache"}` on stdout.
///
/// Options: `--db PATH` (required: a SQLite file or a `postgresql://` URL), `--backend dummy|process`, `--jobs DIR` (dummy: the job folder
/// shared by processes, so jobs can be re-attached), `--delay-ms N` (dummy job length), `--script S`
/// (process: the shell script run as the job), `--lease SECONDS`, `--rate X` (the learning rate, to
/// vary the key).
extension WorkerCommand {
    static let train = WorkerCommand(
        name: "train",
        usage: "--db PATH [--backend dummy|process] [--jobs DIR] [--delay-ms N] [--script S] [--lease S] [--rate X]",
        run: runTrain)
}

private func runTrain(_ arguments: [String]) async throws {
    let options = WorkerOptions(arguments)
    let opened = try await WorkerStore.open(try options.require("--db"))
    let store = opened.store
    let backend: any TrainingBackend
    switch options["--backend"] ?? "dummy" {
    case "process":
        backend = ProcessTrainingBackend(command: ["/bin/sh", "-c", try options.require("--script")])
    default:
        backend = DummyTrainingBackend(
            delay: .milliseconds(Int(options["--delay-ms"] ?? "0") ?? 0), jobDirectory: options["--jobs"])
    }
    let trainer = CachedTrainingBackend(
        backend, store: store, leaseDuration: Double(options["--lease"] ?? "5") ?? 5,
        pollInterval: .milliseconds(20)...(.milliseconds(200)), logger: workerLogger)
    let request = TrainingRequest(
        dataset: .bytes(Data("{\"prompt\": \"a\", \"completion\": \"b\"}\n".utf8)), baseModel: "tiny",
        hyperparameters: ["learning_rate": .number(Double(options["--rate"] ?? "0.001") ?? 0.001)])
    let model = try await trainer.train(request)
    try await opened.close()
    let output: JSONValue = [
        "model_id": .string(model.modelID), "job_id": model.jobID.map(JSONValue.string) ?? .null,
        "served_from_cache": .bool(model.servedFromCache),
    ]
    print(try output.canonicalJSON())
}

/// `--name value` pairs from a worker's arguments.
struct WorkerOptions {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            if name.hasPrefix("--"), let value = iterator.next() { values[name] = value }
        }
    }

    subscript(name: String) -> String? { values[name] }

    func require(_ name: String) throws -> String {
        guard let value = values[name] else { throw WorkerUsageError(message: "missing \(name)") }
        return value
    }
}

/// The worker's log: info and above on standard error, so tests can read what the wrapper did.
let workerLogger: Logger = {
    var logger = Logger(label: "mocache.worker") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = .debug
    return logger
}()
