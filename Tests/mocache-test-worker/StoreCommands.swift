import Foundation
import MOCache

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension WorkerCommand {
    /// `open-store PATH`: opens (creating or migrating) the database for writing, prints
    /// `schema_version=N`, and closes it. What the store did is logged to stderr.
    static let openStore = WorkerCommand(name: "open-store", usage: "PATH") { arguments in
        let path = try expect(arguments, count: 1)[0]
        let store = try await SQLiteCacheBackend(path: path, access: .readWrite, logger: logger)
        print("schema_version=\(try await store.schemaVersion())")
        try await store.close()
    }

    /// `inspect-store PATH`: opens the database read-only and prints what an inspection command would
    /// read (`schema_version=`, `training_runs=`, `eval_results=`, `models=` with the model ids,
    /// `uploads=`, `memos=`), then tries one write and prints `write=<error code>` (or `write=ok`).
    static let inspectStore = WorkerCommand(name: "inspect-store", usage: "PATH") { arguments in
        let path = try expect(arguments, count: 1)[0]
        let store = try await SQLiteCacheBackend(path: path, access: .readOnly, logger: logger)
        print("schema_version=\(try await store.schemaVersion())")
        let runs = try await store.trainingRuns(matching: TrainingRunFilter())
        print("training_runs=\(runs.count)")
        print("eval_results=\(try await store.evalResults(matching: EvalResultFilter()).count)")
        print("models=\(runs.compactMap(\.modelID).sorted().joined(separator: ","))")
        let statistics = try await store.statistics()
        print("uploads=\(statistics.datasetUploads)")
        print("memos=\(statistics.memoizedFiles)")
        if let run = runs.first {
            _ = try await store.trainingRun(for: run.key)
        }
        do {
            try await store.recordDatasetUpload(
                DatasetUpload(
                    backendID: "worker", datasetHash: String(repeating: "e", count: 64), fileID: "f",
                    uploadedAt: Date()))
            print("write=ok")
        } catch let error as MOCacheError {
            print("write=\(error.code.name)")
        }
        try await store.close()
    }

    /// `fill-disk PATH LIMIT_BYTES`: opens the database, then limits the size of any file this process
    /// writes to LIMIT_BYTES (`RLIMIT_FSIZE`, the signal ignored, so writes fail with `EFBIG` like on a
    /// full disk) and records training runs with large configs until a write fails. Prints `ok N` for
    /// each run whose success was acknowledged, then `error=<code>` for the failure.
    static let fillDisk = WorkerCommand(name: "fill-disk", usage: "PATH LIMIT_BYTES") { arguments in
        let checked = try expect(arguments, count: 2)
        guard let limit = UInt64(checked[1]) else {
            throw WorkerUsageError(message: "LIMIT_BYTES must be a number")
        }
        let store = try await SQLiteCacheBackend(path: checked[0], access: .readWrite, logger: logger)
        signal(SIGXFSZ, SIG_IGN)
        var limits = rlimit(rlim_cur: rlim_t(limit), rlim_max: rlim_t(limit))
        #if canImport(Glibc)
            let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
        #else
            let resource = RLIMIT_FSIZE
        #endif
        guard setrlimit(resource, &limits) == 0 else {
            throw WorkerUsageError(message: "setrlimit failed: \(String(cString: strerror(errno)))")
        }
        let padding = String(repeating: "x", count: 3000)
        let worker = Worker(owner: "filler", host: "host", pid: getpid())
        for index in 0..<100_000 {
            let key = TrainingKey(
                backendID: "fill", datasetHash: String(repeating: "d", count: 64), configHash: hash(index))
            do {
                let config = JSONValue.object(["index": .number(Double(index)), "padding": .string(padding)])
                _ = try await store.claimTrainingRun(for: key, config: config, lease: LeaseRequest(worker: worker))
                try await store.recordTrainingJobStarted(for: key, jobID: "job-\(index)", worker: worker)
                try await store.finishTrainingRun(
                    for: key, owner: worker.owner, outcome: .succeeded(modelID: "model-\(index)", metadata: nil))
                print("ok \(index)")
            } catch let error as MOCacheError {
                print("error=\(error.code.name)")
                printError(error.message)
                return
            }
        }
        print("error=none")
    }

    /// A 64-hex-character hash made from a number.
    static func hash(_ number: Int) -> String {
        let hex = String(number, radix: 16)
        return String(repeating: "0", count: 64 - hex.count) + hex
    }
}
