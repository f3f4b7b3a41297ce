import Foundation
import MOCache

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension WorkerCommand {
    /// `open-limited PATH LIMIT_BYTES`: limits the size of any file this process writes to LIMIT_BYTES
    /// (a full disk, as in `fill-disk`), then opens the database for writing, prints `schema_version=N`
    /// and closes it.
    static let openLimited = WorkerCommand(name: "open-limited", usage: "PATH LIMIT_BYTES") { arguments in
        let checked = try expect(arguments, count: 2)
        try DiskLimit.set(bytes: try DiskLimit.bytes(checked[1]))
        let store = try await SQLiteCacheBackend(path: checked[0], access: .readWrite, logger: LoadKeys.logger)
        print("schema_version=\(try await store.schemaVersion())")
        try await store.close()
    }

    /// `fill-then-free PATH LIMIT_BYTES`: fills the disk, then frees it, with the same open store.
    ///
    /// Opens the database, limits the size of any file this process writes to LIMIT_BYTES, and writes
    /// entries (training runs and, every third one, evaluations, each with about 3 KB of JSON, each in
    /// its steps: claim, start, finish) until a step fails. It prints each acknowledged entry (see
    /// ``LoadKeys``), then for the failure `failed kind=training|eval index=N step=claim|start|finish
    /// code=CODE` and `state=STATUS` (or `state=absent`): the entry as the store reads it right after.
    /// Then it lifts the limit, does the failed step again and the rest of that entry, writes 10 more
    /// entries, and prints `done`.
    static let fillThenFree = WorkerCommand(name: "fill-then-free", usage: "PATH LIMIT_BYTES") { arguments in
        let checked = try expect(arguments, count: 2)
        let limit = try DiskLimit.bytes(checked[1])
        let store = try await SQLiteCacheBackend(path: checked[0], access: .readWrite, logger: LoadKeys.logger)
        let filler = DiskFiller(store: store)
        try DiskLimit.set(bytes: limit)
        var index = 0
        var failure: (index: Int, step: DiskFiller.Step)?
        while failure == nil && index < 100_000 {
            do {
                try await filler.write(index: index, from: .claim)
                index += 1
            } catch let error as DiskFiller.StepFailure {
                LoadKeys.emit(
                    "failed kind=\(filler.kind(index)) index=\(index) step=\(error.step) code=\(error.error.code.name)")
                LoadKeys.emit("state=\(try await filler.state(index: index))")
                failure = (index, error.step)
            }
        }
        guard let failure else { throw LoadCheckFailure(description: "the disk never filled up") }
        try DiskLimit.set(bytes: nil)
        try await filler.write(index: failure.index, from: failure.step)
        for next in failure.index + 1...failure.index + 10 {
            try await filler.write(index: next, from: .claim)
        }
        try await store.close()
        LoadKeys.emit("done")
    }
}

/// The file size limit (`RLIMIT_FSIZE`) of this process: what a full disk looks like to SQLite,
/// `EFBIG` on the write that would cross it (the signal that would kill the process is ignored).
enum DiskLimit {
    static func bytes(_ text: String) throws -> UInt64 {
        guard let bytes = UInt64(text) else { throw WorkerUsageError(message: "LIMIT_BYTES must be a number") }
        return bytes
    }

    /// Sets the soft limit to `bytes`, or lifts it (`nil`). The hard limit stays, so it can be lifted.
    static func set(bytes: UInt64?) throws {
        signal(SIGXFSZ, SIG_IGN)
        #if canImport(Glibc)
            let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
        #else
            let resource = RLIMIT_FSIZE
        #endif
        var limits = rlimit()
        guard getrlimit(resource, &limits) == 0 else {
            throw LoadCheckFailure(description: "getrlimit failed: \(String(cString: strerror(errno)))")
        }
        limits.rlim_cur = bytes.map { rlim_t($0) } ?? limits.rlim_max
        guard setrlimit(resource, &limits) == 0 else {
            throw LoadCheckFailure(description: "setrlimit failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// Writes entries of about 3 KB each, step by step, and tells which step failed.
private struct DiskFiller {
    enum Step: Int, CustomStringConvertible, Comparable {
        case claim, start, finish

        var description: String {
            switch self {
            case .claim: "claim"
            case .start: "start"
            case .finish: "finish"
            }
        }

        static func < (lhs: Step, rhs: Step) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A step that failed with a ``MOCacheError``.
    struct StepFailure: Error {
        let step: Step
        let error: MOCacheError
    }

    let store: SQLiteCacheBackend
    let worker = Worker(owner: "filler", host: "host", pid: getpid())
    let padding = String(repeating: "x", count: 3000)

    func kind(_ index: Int) -> String { index % 3 == 2 ? "eval" : "training" }

    /// Does the steps of entry `index` from `first` on, and prints the entry once finished.
    func write(index: Int, from first: Step) async throws {
        let lease = LeaseRequest(worker: worker, duration: 600)
        let value: JSONValue = ["index": .number(Double(index)), "padding": .string(padding)]
        if kind(index) == "eval" {
            let key = LoadKeys.ownEvalKey(worker: 0, index: index)
            let score = LoadKeys.score(index: index)
            try await step(.claim, from: first) {
                _ = try await store.claimEvalResult(for: key, params: value, lease: lease)
            }
            try await step(.start, from: first) {
                try await store.recordEvalJobStarted(for: key, jobID: "job-\(index)", worker: worker)
            }
            try await step(.finish, from: first) {
                let metrics = Dictionary(uniqueKeysWithValues: (0..<100).map { ("metric_\($0)", Double($0)) })
                try await store.finishEvalResult(
                    for: key, owner: worker.owner,
                    outcome: .succeeded(
                        metrics: metrics.merging(["score": score]) { $1 }, sampleCount: index, logPath: nil))
            }
            LoadKeys.emit("ack eval \(key.modelID) \(key.task) \(key.paramsHash) \(score)")
        } else {
            let key = LoadKeys.ownTrainingKey(worker: 0, index: index)
            let model = LoadKeys.modelID(key)
            try await step(.claim, from: first) {
                _ = try await store.claimTrainingRun(for: key, config: value, lease: lease)
            }
            try await step(.start, from: first) {
                try await store.recordTrainingJobStarted(for: key, jobID: "job-\(index)", worker: worker)
            }
            try await step(.finish, from: first) {
                try await store.finishTrainingRun(
                    for: key, owner: worker.owner, outcome: .succeeded(modelID: model, metadata: value))
            }
            LoadKeys.emit("ack training \(key.datasetHash) \(key.configHash) \(model)")
        }
    }

    /// The status of entry `index` as the store reads it, or `absent`.
    func state(index: Int) async throws -> String {
        if kind(index) == "eval" {
            let key = LoadKeys.ownEvalKey(worker: 0, index: index)
            return try await store.evalResults(for: [key])[key].map(\.status.rawValue) ?? "absent"
        }
        return try await store.trainingRun(for: LoadKeys.ownTrainingKey(worker: 0, index: index))
            .map(\.status.rawValue) ?? "absent"
    }

    private func step(_ step: Step, from first: Step, _ body: () async throws -> Void) async throws {
        guard step >= first else { return }
        do {
            try await body()
        } catch let error as MOCacheError {
            throw StepFailure(step: step, error: error)
        }
    }
}
