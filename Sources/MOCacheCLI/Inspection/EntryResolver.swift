import MOCache

/// Finds the stored entries that people name on the command line, the way git finds commits from
/// short hashes.
///
/// A reference is one of:
/// - an entry id, `t12` (training run 12) or `e34` (eval result 34), matched exactly;
/// - a model id, matched exactly against the training runs that produced it;
/// - the start of a model id, or of a config hash (4 hex digits or more), matched against the training
///   runs.
///
/// A reference that matches several entries is an error that lists them, so that a script never
/// acts on the wrong one; a longer prefix or the entry id settles it.
public enum EntryResolver {
    /// The shortest config hash prefix that is matched: shorter ones match too much to be useful.
    public static let shortestHashPrefix = 4

    /// How many candidates an ambiguity error lists.
    static let listedCandidates = 10

    /// How many candidates of one kind (model id prefix, config hash prefix) are read from the store at
    /// most: an ambiguity error counts them exactly up to this, and says "at least" beyond.
    static let countedCandidates = 1000

    /// The entry a reference names.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/notFound`` when nothing matches, and
    ///   ``MOCacheError/Code/ambiguous`` (listing the candidates) when several entries do.
    public static func resolve(_ reference: String, in store: any CacheBackend) async throws -> StoredEntry {
        try await resolve([reference], in: store)[0]
    }

    /// The entries several references name, in their order, each once.
    ///
    /// The store is asked only for what the references can match: the entry ids all in one query per
    /// kind, and each other reference by model id and config hash prefix, through the filters' indexed
    /// fields. The cost follows what matches rather than the size of the store (a config hash prefix
    /// still scans SQLite's key index, a fraction of the table, as no index starts with the config hash).
    ///
    /// - Throws: The error of the first reference that matches nothing or several entries.
    public static func resolve(_ references: [String], in store: any CacheBackend) async throws -> [StoredEntry] {
        var trainingIDs: [Int64] = []
        var evalIDs: [Int64] = []
        for reference in references {
            switch EntryID(reference: reference) {
            case .training(let id)?: trainingIDs.append(id)
            case .eval(let id)?: evalIDs.append(id)
            case nil: break
            }
        }
        let runs =
            trainingIDs.isEmpty ? [] : try await store.trainingRuns(matching: TrainingRunFilter(ids: trainingIDs))
        let results = evalIDs.isEmpty ? [] : try await store.evalResults(matching: EvalResultFilter(ids: evalIDs))
        // A damaged row that the listing skipped is there but cannot be read: say so, as reading it did
        // before, so that `rm` can still remove it by id.
        if let sqlite = store as? SQLiteCacheBackend {
            let found = Set(runs.map { EntryID.training($0.id) } + results.map { EntryID.eval($0.id) })
            for reference in references {
                guard let id = EntryID(reference: reference), !found.contains(id),
                    let damaged = sqlite.skippedRows.first(where: { $0.entryID == id })
                else { continue }
                throw MOCacheError.corruptValue(sqlite.path, column: damaged.column, detail: damaged.detail)
            }
        }
        var entries: [StoredEntry] = []
        var seen = Set<EntryID>()
        for reference in references {
            let entry =
                if EntryID(reference: reference) != nil {
                    try await resolveID(reference, trainingRuns: runs, evalResults: results, in: store)
                } else {
                    try await resolveName(reference, in: store)
                }
            if seen.insert(entry.id).inserted { entries.append(entry) }
        }
        return entries
    }

    /// The entry an id names, unless a model is also named exactly like that id (a model called `t2`):
    /// then the reference is ambiguous, and nothing is decided for the user.
    private static func resolveID(
        _ reference: String, trainingRuns: [TrainingRunRecord], evalResults: [EvalResultRecord],
        in store: any CacheBackend
    ) async throws -> StoredEntry {
        let entry = try resolve(reference, trainingRuns: trainingRuns, evalResults: evalResults)
        let named = try await store.trainingRuns(
            matching: TrainingRunFilter(modelID: reference, status: .succeeded, limit: listedCandidates))
        let others = named.filter { StoredEntry.training($0).id != entry.id }
        guard !others.isEmpty else { return entry }
        throw MOCacheError.idAlsoModelID(
            reference, candidates: ([entry] + others.map(StoredEntry.training)).map(\.summary))
    }

    /// The training run a model id, or a model id or config hash prefix, names.
    ///
    /// Reads the runs with exactly this model id, then up to ``countedCandidates`` (+1, to know when
    /// there are more) runs whose model id or config hash starts with it, and decides among those as
    /// ``resolve(_:trainingRuns:evalResults:)`` does. Only succeeded runs have a model id, so the model
    /// queries ask for those, which the SQLite store answers from its index of models.
    private static func resolveName(_ reference: String, in store: any CacheBackend) async throws -> StoredEntry {
        guard !reference.isEmpty else { return try resolve(reference, trainingRuns: [], evalResults: []) }
        let exact = try await store.trainingRuns(
            matching: TrainingRunFilter(modelID: reference, status: .succeeded, limit: 2))
        if exact.count == 1 { return .training(exact[0]) }
        let readLimit = countedCandidates + 1
        var found = try await store.trainingRuns(
            matching: TrainingRunFilter(modelIDPrefix: reference, status: .succeeded, limit: readLimit))
        var truncated = found.count >= readLimit
        let hashPrefix = reference.lowercased()
        if isHashPrefix(hashPrefix) {
            let byHash = try await store.trainingRuns(
                matching: TrainingRunFilter(configHashPrefix: hashPrefix, limit: readLimit))
            truncated = truncated || byHash.count >= readLimit
            let known = Set(found.map(\.id))
            found += byHash.filter { !known.contains($0.id) }
        }
        guard truncated else { return try resolve(reference, trainingRuns: found, evalResults: []) }
        // More runs match than were read: certainly ambiguous, but the count is a lower bound.
        let candidates = self.candidates(reference, among: found)
        throw MOCacheError.ambiguousReference(
            reference, candidates: candidates.prefix(listedCandidates).map { StoredEntry.training($0).summary },
            more: max(0, candidates.count - listedCandidates), atLeast: true)
    }

    /// The entry a reference names among the given records: the pure part of ``resolve(_:in:)``.
    public static func resolve(
        _ reference: String, trainingRuns: [TrainingRunRecord], evalResults: [EvalResultRecord]
    ) throws -> StoredEntry {
        if let id = EntryID(reference: reference) {
            switch id {
            case .training(let rowID):
                guard let run = trainingRuns.first(where: { $0.id == rowID }) else {
                    throw MOCacheError.entryNotFound(reference, detail: "no training run has this id")
                }
                return .training(run)
            case .eval(let rowID):
                guard let result = evalResults.first(where: { $0.id == rowID }) else {
                    throw MOCacheError.entryNotFound(reference, detail: "no eval result has this id")
                }
                return .eval(result)
            }
        }
        guard !reference.isEmpty else {
            throw MOCacheError.entryNotFound(reference, detail: "an empty reference matches nothing")
        }
        let exact = trainingRuns.filter { $0.modelID == reference }
        if exact.count == 1 { return .training(exact[0]) }
        let candidates = candidates(reference, among: trainingRuns)
        switch candidates.count {
        case 0:
            let hashPrefix = reference.lowercased()
            let detail =
                if isHashPrefix(hashPrefix) {
                    "no model id or config hash starts with it"
                } else if hashPrefix.allSatisfy({ $0.isHexDigit && $0.isASCII }) {
                    "no model id starts with it; a config hash prefix needs \(shortestHashPrefix) hex digits or more"
                } else {
                    "no model id starts with it"
                }
            throw MOCacheError.entryNotFound(reference, detail: detail)
        case 1:
            return .training(candidates[0])
        default:
            throw MOCacheError.ambiguousReference(
                reference, candidates: candidates.prefix(listedCandidates).map { StoredEntry.training($0).summary },
                more: max(0, candidates.count - listedCandidates))
        }
    }

    /// The runs whose model id starts with `reference`, or whose config hash starts with it when it is a
    /// config hash prefix, by id.
    private static func candidates(_ reference: String, among runs: [TrainingRunRecord]) -> [TrainingRunRecord] {
        let hashPrefix = reference.lowercased()
        let byHash = isHashPrefix(hashPrefix)
        return runs.filter { run in
            (run.modelID?.hasPrefix(reference) ?? false) || (byHash && run.key.configHash.hasPrefix(hashPrefix))
        }
        .sorted { $0.id < $1.id }
    }

    /// Whether lowercased text is long enough and hex enough to be matched against config hashes.
    private static func isHashPrefix(_ text: String) -> Bool {
        text.count >= shortestHashPrefix && text.allSatisfy { $0.isHexDigit && $0.isASCII }
    }
}
