import MOCache

extension EntryID {
    /// The id people read and type: `t12` for training run 12, `e34` for eval result 34.
    ///
    /// The number is the row id: the `id` column of the `training_runs` table and the `models` view
    /// (after `t`), and of the `eval_results` table and the `evals` view (after `e`).
    public var reference: String {
        switch self {
        case .training(let id): "t\(id)"
        case .eval(let id): "e\(id)"
        }
    }

    /// Reads an id written as ``reference``: `t` or `e` followed by a row id (digits only).
    ///
    /// Returns `nil` for anything else, such as a model id or a hash prefix.
    public init?(reference: String) {
        guard let kind = reference.first, kind == "t" || kind == "e" else { return nil }
        let digits = reference.dropFirst()
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let id = Int64(digits), id > 0
        else { return nil }
        self = kind == "t" ? .training(id) : .eval(id)
    }
}
