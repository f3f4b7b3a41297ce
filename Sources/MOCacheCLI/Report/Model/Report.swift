import Foundation

/// Everything `mocache report` shows, as values: made from store records by ``ReportBuilder`` (a pure
/// function), drawn as one HTML page by ``ReportPage``.
package struct Report: Sendable, Hashable {
    /// Where the records came from (the database path).
    package let source: String
    /// When the report was made.
    package let generatedAt: Date
    /// The filters applied, in words (`backend demo:logreg`, `tasks heldout`); empty for the whole store.
    package let filters: [String]
    /// The headline figures and the compute chart.
    package let summary: ReportSummary
    /// One section per training backend, then one for evaluations of models not trained in the store.
    package let sections: [ReportSection]

    /// Makes a report.
    package init(
        source: String, generatedAt: Date, filters: [String], summary: ReportSummary, sections: [ReportSection]
    ) {
        self.source = source
        self.generatedAt = generatedAt
        self.filters = filters
        self.summary = summary
        self.sections = sections
    }
}
