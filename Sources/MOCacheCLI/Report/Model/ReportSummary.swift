/// The headline figures of a report: what is stored, what the cache served and saved, what failed.
package struct ReportSummary: Sendable, Hashable {
    /// Training runs and eval results in the report.
    package let trainingRuns: Int
    package let evalResults: Int
    /// Hits served from those entries.
    package let hits: Int
    /// Compute seconds those hits did not spend.
    package let savedSeconds: Double
    /// Compute seconds the finished jobs took.
    package let spentSeconds: Double
    /// Entries that failed, were cancelled, or are still pending or running.
    package let failed: Int
    package let cancelled: Int
    package let inFlight: Int
    /// What the whole store holds, from its statistics: entries, size in bytes, schema version.
    package let storeEntries: Int
    package let storeBytes: Int64?
    package let schemaVersion: Int
    /// Compute spent and saved over time, or `nil` when nothing has finished.
    package let computeChart: LineChart?

    /// Makes a summary.
    package init(
        trainingRuns: Int, evalResults: Int, hits: Int, savedSeconds: Double, spentSeconds: Double, failed: Int,
        cancelled: Int, inFlight: Int, storeEntries: Int, storeBytes: Int64?, schemaVersion: Int,
        computeChart: LineChart?
    ) {
        self.trainingRuns = trainingRuns
        self.evalResults = evalResults
        self.hits = hits
        self.savedSeconds = savedSeconds
        self.spentSeconds = spentSeconds
        self.failed = failed
        self.cancelled = cancelled
        self.inFlight = inFlight
        self.storeEntries = storeEntries
        self.storeBytes = storeBytes
        self.schemaVersion = schemaVersion
        self.computeChart = computeChart
    }
}
