import Foundation
import MOCache

extension ReportBuilder {
    /// Reads what a report needs from any store, through ``CacheBackend`` alone (no SQL), and builds it.
    ///
    /// The store answers the time and task filters; the backend filter, which may name a training or
    /// an eval backend, is applied to the records (``filter(runs:evals:options:)``).
    ///
    /// - Parameters:
    ///   - store: The store: SQLite, in memory, or any other.
    ///   - source: Where the store is, shown in the page's header.
    ///   - options: Filters, the chosen metric and the limits.
    ///   - now: The time written in the header.
    package static func build(
        from store: any CacheBackend, source: String, options: ReportOptions, now: Date = Date()
    ) async throws -> Report {
        // Three independent reads: a store with a pool of readers (SQLite's) answers them at once.
        async let runs = store.trainingRuns(matching: TrainingRunFilter(createdSince: options.since))
        async let evals = store.evalResults(
            matching: EvalResultFilter(tasks: options.tasks.isEmpty ? nil : options.tasks, createdSince: options.since))
        async let statistics = store.statistics()
        return try await build(
            runs: runs, evals: evals, statistics: statistics, source: source, generatedAt: now, options: options)
    }
}
