import MOCache

/// Why a training request is, or is not, served from the store: `mocache why-miss`.
///
/// Cache misses that nobody can explain are what people complain about most with caches like this
/// one. This computes the request's key, looks it up, and when it is missing, finds the stored runs
/// nearest to it and says, field by field, what differs: another dataset, `learning_rate` 0.001 vs
/// 0.0001, a member that one side has and the other lacks, another backend.
///
/// ```swift
/// let config = TrainingConfiguration.json(for: request)
/// let explanation = try await MissExplanation.explain(
///     backendID: "process:train", datasetHash: hash, config: config, in: store)
/// for candidate in explanation.nearest {
///     print(candidate.run.id, candidate.configDifferences.map(\.description))
/// }
/// ```
public struct MissExplanation: Hashable, Sendable {
    /// What the store has for the key itself.
    public enum Verdict: String, Hashable, Sendable, Codable {
        /// A succeeded run is stored: a request would be served from the cache.
        case hit
        /// A run is stored but is not served: it failed or was cancelled (the next request runs again),
        /// or it is still pending or running (the next request waits for it).
        case storedNotServed = "stored_not_served"
        /// Nothing is stored for the key: a request would run the job.
        case miss
    }

    /// A stored run near the request, and how it differs.
    public struct Candidate: Hashable, Sendable {
        /// The stored run.
        public let run: TrainingRunRecord
        /// Whether it was trained by another backend.
        public let backendDiffers: Bool
        /// Whether it was trained on another dataset.
        public let datasetDiffers: Bool
        /// How its configuration differs from the request's: `old` is the stored value, `new` the
        /// request's.
        public let configDifferences: [JSONDifference]
        /// Files in the hash memo that had the stored run's dataset hash, when its dataset differs: the
        /// file it was probably trained on.
        public let datasetFiles: [String]

        /// Makes a candidate.
        public init(
            run: TrainingRunRecord, backendDiffers: Bool, datasetDiffers: Bool,
            configDifferences: [JSONDifference], datasetFiles: [String]
        ) {
            self.run = run
            self.backendDiffers = backendDiffers
            self.datasetDiffers = datasetDiffers
            self.configDifferences = configDifferences
            self.datasetFiles = datasetFiles
        }

        /// How far the run is from the request: one per differing field, dataset and backend.
        public var distance: Int {
            configDifferences.count + (datasetDiffers ? 1 : 0) + (backendDiffers ? 1 : 0)
        }
    }

    /// The request's key.
    public let key: TrainingKey
    /// The request's configuration, whose canonical JSON hashes to the key's config hash.
    public let config: JSONValue
    /// What the store has for the key.
    public let verdict: Verdict
    /// The stored run for the key, when there is one.
    public let stored: TrainingRunRecord?
    /// The nearest stored runs, nearest first, when the key is not served.
    public let nearest: [Candidate]
    /// How many training runs the store holds for the request's backend.
    public let runsOnBackend: Int
    /// The backends that hold training runs, with how many each, sorted by id.
    public let backends: [String: Int]

    /// Makes an explanation.
    public init(
        key: TrainingKey, config: JSONValue, verdict: Verdict, stored: TrainingRunRecord?, nearest: [Candidate],
        runsOnBackend: Int, backends: [String: Int]
    ) {
        self.key = key
        self.config = config
        self.verdict = verdict
        self.stored = stored
        self.nearest = nearest
        self.runsOnBackend = runsOnBackend
        self.backends = backends
    }

    /// Explains what the store does with a request.
    ///
    /// For a key that is not stored, it reads the runs of the request's backend, the runs of the other
    /// backends under the same dataset and config (one lookup per backend), the run counts per backend
    /// from ``CacheBackend/statistics()``, and the hash memo only when a run shown was trained on
    /// another dataset.
    ///
    /// - Parameters:
    ///   - backendID: The training backend's id.
    ///   - datasetHash: The dataset's hash (``DatasetHasher``).
    ///   - config: The configuration, as ``TrainingConfiguration/json(for:namespace:replicate:)`` makes it.
    ///   - store: The store to look in.
    ///   - limit: How many nearest runs to show.
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidConfig`` when the configuration has
    ///   no canonical form (naming the JSON path), and the errors of the store.
    public static func explain(
        backendID: String, datasetHash: String, config: JSONValue, in store: any CacheBackend, limit: Int = 3
    ) async throws -> MissExplanation {
        let key = TrainingKey(backendID: backendID, datasetHash: datasetHash, configHash: try config.configHash())
        if let stored = try await store.trainingRun(for: key) {
            return MissExplanation(
                key: key, config: config, verdict: stored.status == .succeeded ? .hit : .storedNotServed,
                stored: stored, nearest: [], runsOnBackend: 0, backends: [:])
        }
        var backends: [String: Int] = [:]
        for count in try await store.statistics().entries where count.kind == "training" && count.count > 0 {
            backends[count.backendID, default: 0] += count.count
        }
        var runs = try await store.trainingRuns(matching: TrainingRunFilter(backendID: key.backendID))
        for other in backends.keys.sorted() where other != key.backendID {
            let sameRequest = TrainingKey(
                backendID: other, datasetHash: key.datasetHash, configHash: key.configHash)
            if let run = try await store.trainingRun(for: sameRequest) { runs.append(run) }
        }
        let nearest = rank(key: key, config: config, runs: runs, limit: limit)
        let memos = nearest.contains(where: \.datasetDiffers) ? try await store.fileHashMemos() : []
        return MissExplanation(
            key: key, config: config, verdict: .miss, stored: nil, nearest: withDatasetFiles(nearest, memos: memos),
            runsOnBackend: backends[key.backendID] ?? 0, backends: backends)
    }

    /// The `limit` candidates nearest to the request among `runs`, without their dataset files.
    ///
    /// The candidates are the runs of the same backend, and the runs of other backends with the same
    /// dataset and configuration (the backend id is then the only difference). They are ranked by
    /// ``Candidate/distance``, then succeeded runs first, then newest first.
    static func rank(key: TrainingKey, config: JSONValue, runs: [TrainingRunRecord], limit: Int) -> [Candidate] {
        var candidates: [Candidate] = []
        for run in runs {
            let backendDiffers = run.key.backendID != key.backendID
            if backendDiffers && (run.key.datasetHash != key.datasetHash || run.key.configHash != key.configHash) {
                continue
            }
            candidates.append(
                Candidate(
                    run: run, backendDiffers: backendDiffers, datasetDiffers: run.key.datasetHash != key.datasetHash,
                    configDifferences: config.differences(from: run.config), datasetFiles: []))
        }
        candidates.sort { lhs, rhs in
            if lhs.distance != rhs.distance { return lhs.distance < rhs.distance }
            let (leftServed, rightServed) = (lhs.run.status == .succeeded, rhs.run.status == .succeeded)
            if leftServed != rightServed { return leftServed }
            return (lhs.run.createdAt, lhs.run.id) > (rhs.run.createdAt, rhs.run.id)
        }
        return Array(candidates.prefix(max(0, limit)))
    }

    /// The candidates with the files of the hash memo that had their dataset hash, for those trained on
    /// another dataset.
    static func withDatasetFiles(_ candidates: [Candidate], memos: [FileHashMemo]) -> [Candidate] {
        guard candidates.contains(where: \.datasetDiffers) else { return candidates }
        let pathsByHash = Dictionary(grouping: memos, by: \.sha256).mapValues { $0.map(\.file.path).sorted() }
        return candidates.map { candidate in
            guard candidate.datasetDiffers else { return candidate }
            return Candidate(
                run: candidate.run, backendDiffers: candidate.backendDiffers, datasetDiffers: true,
                configDifferences: candidate.configDifferences,
                datasetFiles: pathsByHash[candidate.run.key.datasetHash] ?? [])
        }
    }
}
