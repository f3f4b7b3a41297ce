/// What the runs a sweep will make may cost, from the durations of stored runs of the same backends.
struct SweepEstimate: Hashable, Sendable {
    /// The mean duration of stored runs of one backend.
    struct Mean: Hashable, Sendable {
        /// The mean, in seconds.
        let seconds: Double
        /// How many stored runs it is the mean of.
        let runs: Int

        /// The mean of `durations`; `nil` when there are none.
        init?(_ durations: [Double]) {
            guard !durations.isEmpty else { return nil }
            seconds = durations.reduce(0, +) / Double(durations.count)
            runs = durations.count
        }
    }

    /// One training of the backend; `nil` when none is stored.
    let training: Mean?
    /// One eval task of the eval backend; `nil` when none is stored or the sweep has no evals.
    let eval: Mean?
    /// How many trainings will run.
    let trainings: Int
    /// How many eval tasks will run.
    let evals: Int
    /// How many jobs will run (a training, or the evals of a stored model).
    let runs: Int
    /// How many jobs run at once.
    let jobs: Int

    /// How many jobs will really run side by side: no more than will run.
    var parallel: Int { max(1, min(jobs, runs)) }

    /// The compute the runs will take; `nil` when a kind of run that will happen has no stored duration.
    var computeSeconds: Double? {
        if (trainings > 0 && training == nil) || (evals > 0 && eval == nil) { return nil }
        return Double(trainings) * (training?.seconds ?? 0) + Double(evals) * (eval?.seconds ?? 0)
    }

    /// The wall time with ``jobs`` at once, roughly: the compute shared among the jobs that can run.
    var wallSeconds: Double? {
        computeSeconds.map { $0 / Double(parallel) }
    }
}
