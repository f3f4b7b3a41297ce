/// The key of any store entry: a training run or an evaluation result.
public enum EntryKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A training run's key.
    case training(TrainingKey)
    /// An evaluation result's key.
    case eval(EvalKey)

    public var description: String {
        switch self {
        case .training(let key): "training \(key)"
        case .eval(let key): "eval \(key)"
        }
    }
}

/// The row id of a stored entry, as shown by `mocache models` and `mocache evals`.
public enum EntryID: Hashable, Sendable, Codable {
    /// A row of `training_runs`.
    case training(Int64)
    /// A row of `eval_results`.
    case eval(Int64)
}
