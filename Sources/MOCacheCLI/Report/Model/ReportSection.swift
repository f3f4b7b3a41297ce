/// One part of a report: a training backend's runs with the evaluations of their models, or the
/// evaluations of models that no stored run produced.
package struct ReportSection: Sendable, Hashable {
    /// The section's heading: the backend id, or a phrase.
    package let title: String
    /// A line under the heading: counts, and what varies.
    package let subtitle: String
    /// Each task metric against each hyperparameter that varies.
    package let charts: [LineChart]
    /// The chosen metric by model and task, or `nil` when no model has it.
    package let heatmap: Heatmap?
    /// The runs, with their differing hyperparameters and metrics, or `nil` for the evaluations section.
    package let runs: ReportTable?
    /// The evaluations that failed or were cancelled, or `nil` when none did.
    package let failedEvals: ReportTable?
    /// Sentences about what is not drawn and why (nothing varies, no evals yet, plots left out).
    package let notes: [String]
    /// An anchor for the page's contents (`section-2`).
    package let anchor: String

    /// Makes a section.
    package init(
        title: String, subtitle: String, charts: [LineChart], heatmap: Heatmap?, runs: ReportTable?,
        failedEvals: ReportTable?, notes: [String], anchor: String
    ) {
        self.title = title
        self.subtitle = subtitle
        self.charts = charts
        self.heatmap = heatmap
        self.runs = runs
        self.failedEvals = failedEvals
        self.notes = notes
        self.anchor = anchor
    }
}
