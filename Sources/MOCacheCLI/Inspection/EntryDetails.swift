import MOCache

/// Everything about one stored entry and its neighbours, as `mocache show` prints it.
public enum EntryDetails: Hashable, Sendable {
    /// A training run, with the evaluations of the model it produced.
    case training(TrainingRunRecord, evals: [EvalResultRecord])
    /// An evaluation result, with the succeeded training run that produced its model when the store
    /// has one.
    case eval(EvalResultRecord, trainedBy: TrainingRunRecord?)

    /// The entry a reference names (see ``EntryResolver``) with its neighbours.
    ///
    /// - Throws: The errors of ``EntryResolver/resolve(_:in:)``, and those of the store.
    public static func load(_ reference: String, from store: any CacheBackend) async throws -> EntryDetails {
        switch try await EntryResolver.resolve(reference, in: store) {
        case .training(let run):
            guard let modelID = run.modelID else { return .training(run, evals: []) }
            return .training(run, evals: try await store.evalResults(matching: EvalResultFilter(modelID: modelID)))
        case .eval(let result):
            let runs = try await store.trainingRuns(
                matching: TrainingRunFilter(modelID: result.key.modelID, status: .succeeded, limit: 1))
            return .eval(result, trainedBy: runs.first)
        }
    }
}
