import Foundation

/// A ``CacheBackend`` that keeps everything in the process and forgets it when the process ends.
///
/// It owns its tables (training runs, evaluation results, dataset uploads, the file hash memo and the hit
/// ledger) and serializes every change to them as an actor, so claims are atomic between the tasks of one
/// process. Nothing is shared with other processes: use ``SQLiteCacheBackend`` for that.
///
/// Use it for tests and examples, where a database file is in the way. It is also the proof that the
/// cached wrappers and the `mocache` command depend only on ``CacheBackend``: it follows the same rules as
/// the SQLite store, and the same conformance tests run against both.
///
/// ```swift
/// let store = InMemoryCacheBackend()
/// let key = TrainingKey(backendID: "local", datasetHash: datasetHash, configHash: configHash)
/// if case .claimed = try await store.claimTrainingRun(for: key, config: config, lease: LeaseRequest()) {
///     // run the job, then finishTrainingRun(for:owner:outcome:)
/// }
/// ```
///
/// Tests can inject a clock to move time by hand, for example to let a lease run out at once.
public actor InMemoryCacheBackend: CacheBackend {
    /// Where "now" comes from: claim times, lease expiries, start, finish and hit times.
    let clock: @Sendable () -> Date

    /// The training runs.
    var trainingTable = InMemoryTable<InMemoryTrainingRow>()
    /// The evaluation results.
    var evalTable = InMemoryTable<InMemoryEvalRow>()

    /// Dataset uploads by backend id, then dataset hash.
    var uploads: [String: [String: DatasetUpload]] = [:]
    /// The file hash memo by absolute path.
    var memos: [String: FileHashMemo] = [:]
    /// The fences the owners' claims got.
    let fences = LeaseFences()

    /// Makes an empty store.
    ///
    /// - Parameter clock: Where the store reads the time. Tests pass a clock they control; everything
    ///   else keeps the default, the system clock.
    public init(clock: @escaping @Sendable () -> Date = Date.init) {
        self.clock = clock
    }
}
