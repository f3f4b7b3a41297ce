/// How much a report draws before it samples, aggregates or leaves out, so that a store of 10,000 or
/// 100,000 runs still makes a readable page of a few megabytes. Whatever a limit cuts, the page says.
package struct ReportLimits: Sendable, Hashable {
    /// Lines per chart; more are drawn as one line of means with a band from the smallest to the
    /// largest value.
    package var seriesPerChart: Int
    /// Distinct x values per line; more are grouped into ``bins`` intervals of the x axis.
    package var pointsPerSeries: Int
    /// Intervals of the x axis when a line has too many points.
    package var bins: Int
    /// Categories on a category axis; a hyperparameter with more distinct words is not plotted.
    package var categories: Int
    /// Metric charts per section.
    package var chartsPerSection: Int
    /// Models (rows) per heatmap: the newest.
    package var heatmapRows: Int
    /// Tasks (columns) per heatmap.
    package var heatmapColumns: Int
    /// Rows per runs table: the newest.
    package var tableRows: Int
    /// Metric columns per runs table.
    package var metricColumns: Int
    /// Rows of failed evaluations per section: the newest.
    package var failedEvalRows: Int
    /// Points of the compute-over-time chart.
    package var timePoints: Int

    /// Limits for a page that stays under a few megabytes.
    package init(
        seriesPerChart: Int = 8, pointsPerSeries: Int = 200, bins: Int = 100, categories: Int = 30,
        chartsPerSection: Int = 12, heatmapRows: Int = 40, heatmapColumns: Int = 16, tableRows: Int = 500,
        metricColumns: Int = 12, failedEvalRows: Int = 100, timePoints: Int = 400
    ) {
        self.seriesPerChart = seriesPerChart
        self.pointsPerSeries = pointsPerSeries
        self.bins = bins
        self.categories = categories
        self.chartsPerSection = chartsPerSection
        self.heatmapRows = heatmapRows
        self.heatmapColumns = heatmapColumns
        self.tableRows = tableRows
        self.metricColumns = metricColumns
        self.failedEvalRows = failedEvalRows
        self.timePoints = timePoints
    }
}
