import Foundation

/// Where a sweep's job is, as the live table and the event lines show it.
enum SweepJobState: Hashable, Sendable {
    /// Everything it needs is stored: it will be served.
    case cached
    /// Waiting for a free job slot.
    case queued
    /// Training since the date.
    case training(since: Date)
    /// Scoring its model since the date.
    case evaluating(since: Date)
    /// Finished: `computed` when something ran, else served from the store.
    case done(computed: Bool, seconds: Double)
    /// Failed, with the first line of the error.
    case failed(String)

    /// The state as an event line says it: no elapsed time for a job that starts.
    var event: String {
        switch self {
        case .training: return "running"
        case .evaluating: return "running evals"
        default: return text(now: Date())
        }
    }

    /// The state for people, with elapsed times as of `now`.
    func text(now: Date) -> String {
        switch self {
        case .cached: return "cached"
        case .queued: return "queued"
        case .training(let since):
            return "running \(HumanFormat.duration(max(0, now.timeIntervalSince(since))))"
        case .evaluating(let since):
            return "running \(HumanFormat.duration(max(0, now.timeIntervalSince(since)))) (eval)"
        case .done(let computed, let seconds):
            return computed ? "done in \(HumanFormat.duration(seconds))" : "done (cached)"
        case .failed(let error): return "failed: \(error)"
        }
    }
}
