import MOCache

/// One key of a sweep's grid: a path into the training configuration and the values it takes.
struct GridAxis: Hashable, Sendable {
    /// Where the values go: `hyperparameters.learning_rate`.
    let path: ConfigPath
    /// The values, in the file's order; never empty.
    let values: [JSONValue]
}
