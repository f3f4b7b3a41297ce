import MOCache

/// One cell of a sweep: the grid's values for it and the training configuration they make.
struct SweepCell: Hashable, Sendable {
    /// A grid key's value in this cell.
    struct Assignment: Hashable, Sendable {
        /// The grid key.
        let path: ConfigPath
        /// Its value here.
        let value: JSONValue
    }

    /// The cell's place in the grid, from 0.
    let index: Int
    /// The grid's values, in the grid's order.
    let assignments: [Assignment]
    /// The training configuration: the file's, with the grid's values merged in.
    let config: TrainingConfigFile

    /// The cell for people: `hyperparameters.learning_rate=0.1 hyperparameters.epochs=1`.
    var label: String { Self.label(assignments) }

    /// Assignments for people, with the grid keys in full.
    static func label(_ assignments: [Assignment]) -> String {
        assignments.map { "\($0.path)=\(text($0.value))" }.joined(separator: " ")
    }

    /// A grid value for a table cell: a string as it is, anything else as compact JSON.
    static func text(_ value: JSONValue) -> String {
        if case .string(let string) = value { return string }
        return value.compactText
    }
}
