import MOCache

/// One distinct training of a sweep and what the store already holds of it: cells with the same
/// configuration share one job, so identical cells run once.
struct SweepJob: Hashable, Sendable {
    /// The job's place in the plan, from 0.
    let index: Int
    /// The cells this job serves (their ``SweepCell/index``), in grid order.
    let cells: [Int]
    /// The training configuration.
    let config: TrainingConfigFile
    /// The training's key in the store.
    let key: TrainingKey
    /// The model of the stored training, when it is stored and succeeded.
    let storedModelID: String?
    /// How long the stored training took, when known.
    let storedSeconds: Double?
    /// The eval tasks stored for that model (none when the training is not stored).
    let tasksStored: [String]
    /// The eval tasks that will run: all of them when the training will run.
    let tasksToRun: [String]

    /// Whether nothing of this job will run: its training and every eval are stored.
    var isStored: Bool { storedModelID != nil && tasksToRun.isEmpty }

    /// Whether its training will run.
    var trains: Bool { storedModelID == nil }
}
