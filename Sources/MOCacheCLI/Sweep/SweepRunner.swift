import Foundation
import Logging
import MOCache

/// Runs a sweep's jobs through the cached wrappers, at most ``limit`` at once: each distinct training
/// once (stored ones are served), then its model's evals. A failed job is reported and the others
/// finish. Cancelling the task that runs ``run()`` starts nothing more; ``handles`` cancels what runs.
struct SweepRunner: Sendable {
    /// What to run.
    let plan: SweepPlan
    /// The sweep, for its dataset and evals.
    let sweep: SweepFile
    /// The cached trainers, one per namespace the cells use.
    let trainers: [String: CachedTrainingBackend]
    /// The cached evaluator, when the sweep has evals.
    let evaluator: CachedEvalBackend?
    /// How many jobs may run at once.
    let limit: Int
    /// Where states go.
    let progress: SweepProgress
    /// The running jobs' cancel actions, for Ctrl-C.
    let handles: SweepHandles
    /// Where a cancellation that fails is reported.
    let logger: Logger

    /// The key of a namespace in ``trainers``: the empty string for none.
    static func trainerKey(_ namespace: String?) -> String { namespace ?? "" }

    /// Runs every job and returns their outcomes, in the plan's order; jobs that never started (after
    /// a cancellation) are ``SweepJobOutcome/notStarted``.
    func run() async -> [SweepJobOutcome] {
        // Stored jobs first: they are served at once.
        var pending = plan.jobs.filter(\.isStored) + plan.jobs.filter { !$0.isStored }
        var outcomes = [SweepJobOutcome](repeating: .notStarted, count: plan.jobs.count)
        await withTaskGroup(of: (Int, SweepJobOutcome).self) { group in
            func startNext() -> Bool {
                guard !Task.isCancelled, !pending.isEmpty else { return false }
                let job = pending.removeFirst()
                group.addTask { (job.index, await run(job)) }
                return true
            }
            var started = 0
            while started < limit, startNext() { started += 1 }
            for await (index, outcome) in group {
                outcomes[index] = outcome
                _ = startNext()
            }
        }
        return outcomes
    }

    private func run(_ job: SweepJob) async -> SweepJobOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        // A stored job shows as cached from the start; it says more only if something ran or failed.
        if !job.isStored { progress.update(job.index, .training(since: Date())) }
        let model: TrainedModel
        do {
            model = try await train(job)
        } catch {
            let message = Self.message(error)
            progress.update(job.index, .failed(Self.firstLine(message)))
            return SweepJobOutcome(model: nil, trainingError: message, evals: nil, evalError: nil)
        }
        guard let evaluator, let evaluation = sweep.evaluation else {
            let outcome = SweepJobOutcome(model: model, trainingError: nil, evals: nil, evalError: nil)
            if !job.isStored || outcome.computed {
                progress.update(
                    job.index, .done(computed: outcome.computed, seconds: (clock.now - started).timeInterval))
            }
            return outcome
        }
        if !job.isStored { progress.update(job.index, .evaluating(since: Date())) }
        let outcome: SweepJobOutcome
        do {
            let request = EvalRequest(modelID: model.modelID, tasks: evaluation.tasks, params: evaluation.params)
            let suite = try await evaluator.start(request)
            let token = await handles.add({ try await suite.cancel() }, onError: warn)
            defer { Task { await handles.remove(token) } }
            let results = try await suite.wait()
            outcome = SweepJobOutcome(model: model, trainingError: nil, evals: results, evalError: nil)
        } catch {
            outcome = SweepJobOutcome(model: model, trainingError: nil, evals: nil, evalError: Self.message(error))
        }
        if let error = outcome.error {
            progress.update(job.index, .failed(Self.firstLine(error)))
        } else if !job.isStored || outcome.computed {
            progress.update(job.index, .done(computed: outcome.computed, seconds: (clock.now - started).timeInterval))
        }
        return outcome
    }

    private func train(_ job: SweepJob) async throws -> TrainedModel {
        guard let trainer = trainers[Self.trainerKey(job.config.namespace)] else {
            throw MOCacheError(.invalidConfig, "no trainer for namespace \(job.config.namespace ?? "none")")
        }
        let request = job.config.request(dataset: .file(path: sweep.training.dataset))
        let run = try await trainer.start(request, replicate: job.config.replicate)
        let token = await handles.add({ try await run.cancel() }, onError: warn)
        defer { Task { await handles.remove(token) } }
        return try await run.wait()
    }

    private var warn: @Sendable (any Error) -> Void {
        { [logger] error in logger.warning("could not cancel a job", metadata: ["error": "\(error)"]) }
    }

    /// An error's message for people.
    static func message(_ error: any Error) -> String {
        if let error = error as? MOCacheError { return error.message }
        if error is CancellationError { return "cancelled" }
        return "\(error)"
    }

    /// The first line of a message.
    static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", maxSplits: 1).first ?? "")
    }
}
