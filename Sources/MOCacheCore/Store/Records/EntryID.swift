/// The row id of a stored entry, as shown by `mocache models` and `mocache evals`.
public enum EntryID: Hashable, Sendable, Codable {
    /// A row of `training_runs`.
    case training(Int64)
    /// A row of `eval_results`.
    case eval(Int64)
}
