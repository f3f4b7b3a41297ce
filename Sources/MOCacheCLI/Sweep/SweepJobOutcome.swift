import MOCache

/// How one of a sweep's jobs ended: its model, its evals, and what failed.
struct SweepJobOutcome: Hashable, Sendable {
    /// The trained (or served) model; `nil` when training failed or never started.
    let model: TrainedModel?
    /// Why training failed, when it did.
    let trainingError: String?
    /// The evals, when the model was scored.
    let evals: EvalResults?
    /// Why the evals could not run at all, when they could not.
    let evalError: String?

    /// An outcome of a job that never started (the sweep was interrupted first).
    static let notStarted = SweepJobOutcome(
        model: nil, trainingError: "not started: the sweep was interrupted", evals: nil, evalError: nil)

    /// Whether anything of the job failed: its training, its evals, or one of their tasks.
    var failed: Bool {
        trainingError != nil || evalError != nil || !(evals?.failures.isEmpty ?? true)
    }

    /// The first error, for one line.
    var error: String? {
        if let trainingError { return trainingError }
        if let evalError { return evalError }
        guard let (task, error) = evals?.failures.min(by: { $0.key < $1.key }) else { return nil }
        return "task \(task): \(error)"
    }

    /// Whether anything ran (rather than being served from the store).
    var computed: Bool {
        !(model?.servedFromCache ?? true) || (evals?.tasks.values.contains { !$0.servedFromCache } ?? false)
    }
}
