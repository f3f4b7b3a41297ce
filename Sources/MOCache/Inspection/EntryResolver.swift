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

    /// The entry a reference names.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/notFound`` when nothing matches, and
    ///   ``MOCacheError/Code/ambiguous`` (listing the candidates) when several entries do.
    public static func resolve(_ reference: String, in store: any CacheBackend) async throws -> StoredEntry {
        try await resolve([reference], in: store)[0]
    }

    /// The entries several references name, in their order, each once; reading the store once.
    ///
    /// - Throws: The error of the first reference that matches nothing or several entries.
    public static func resolve(_ references: [String], in store: any CacheBackend) async throws -> [StoredEntry] {
        let needsEvals = references.contains { if case .eval? = EntryID(reference: $0) { true } else { false } }
        let runs = try await store.trainingRuns(matching: TrainingRunFilter())
        let results = needsEvals ? try await store.evalResults(matching: EvalResultFilter()) : []
        var entries: [StoredEntry] = []
        var seen = Set<EntryID>()
        for reference in references {
            let entry = try resolve(reference, trainingRuns: runs, evalResults: results)
            if seen.insert(entry.id).inserted { entries.append(entry) }
        }
        return entries
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
        let hashPrefix = reference.lowercased()
        let isHashPrefix =
            hashPrefix.count >= shortestHashPrefix && hashPrefix.allSatisfy { $0.isHexDigit && $0.isASCII }
        let candidates = trainingRuns.filter { run in
            (run.modelID?.hasPrefix(reference) ?? false) || (isHashPrefix && run.key.configHash.hasPrefix(hashPrefix))
        }
        .sorted { $0.id < $1.id }
        switch candidates.count {
        case 0:
            let detail =
                if isHashPrefix {
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
}
