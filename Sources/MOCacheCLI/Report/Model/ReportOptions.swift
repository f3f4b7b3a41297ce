import Foundation

/// What a report covers, and how much it draws: `mocache report`'s options.
package struct ReportOptions: Sendable, Hashable {
    /// Only this backend: its training runs and the evaluations of their models, or, for an eval
    /// backend, its evaluations and the runs that made their models.
    package var backendID: String?
    /// Only evaluations of these tasks; empty for all.
    package var tasks: [String]
    /// The metric of the heatmaps and tables; `nil` picks the most common (ties by name). Charts are
    /// drawn for this metric only when it is given, for every metric otherwise.
    package var metric: String?
    /// Only entries created at or after this time.
    package var since: Date?
    /// How much is drawn before sampling or aggregating.
    package var limits: ReportLimits

    /// Makes options; with no arguments, the whole store.
    package init(
        backendID: String? = nil, tasks: [String] = [], metric: String? = nil, since: Date? = nil,
        limits: ReportLimits = ReportLimits()
    ) {
        self.backendID = backendID
        self.tasks = tasks
        self.metric = metric
        self.since = since
        self.limits = limits
    }
}
