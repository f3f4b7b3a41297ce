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
