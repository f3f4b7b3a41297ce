import MOCache

/// The `train:` section of a sweep file: what every cell trains, before the grid is merged in.
struct SweepTraining: Hashable, Sendable {
    /// The backend id in the cache key (`process:sft`, `openai`).
    let backend: String
    /// The training command; empty for `openai` (and `openai:NAME`), which needs none.
    let command: [String]
    /// The training data file, as seen from the folder mocache runs in.
    let dataset: String
    /// The training configuration (``TrainingConfigFile``'s members), before the grid is merged in.
    let config: JSONValue
}
