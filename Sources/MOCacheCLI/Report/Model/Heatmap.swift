/// A grid of one metric by model (rows) and task (columns), with the value written in each cell:
/// what ``HeatmapWriter`` draws.
package struct Heatmap: Sendable, Hashable {
    /// One model's row.
    package struct Row: Sendable, Hashable {
        /// The model id.
        package let label: String
        /// What tells this model apart (`learning_rate=0.1`), or empty.
        package let detail: String
        /// The value per column, `nil` where there is none.
        package let values: [Double?]
        /// The tooltip per column.
        package let titles: [String]

        /// Makes a row.
        package init(label: String, detail: String, values: [Double?], titles: [String]) {
            self.label = label
            self.detail = detail
            self.values = values
            self.titles = titles
        }
    }

    /// What the grid shows: `accuracy by model and task`.
    package let title: String
    /// The metric's name.
    package let metric: String
    /// The tasks, one per column.
    package let columns: [String]
    /// The models.
    package let rows: [Row]
    /// What was left out, and why.
    package let notes: [String]

    /// Makes a heatmap.
    package init(title: String, metric: String, columns: [String], rows: [Row], notes: [String] = []) {
        self.title = title
        self.metric = metric
        self.columns = columns
        self.rows = rows
        self.notes = notes
    }

    /// The smallest and largest value in the grid, or `nil` when it has none.
    package var valueRange: ClosedRange<Double>? {
        let values = rows.flatMap { $0.values.compactMap { $0 } }
        guard let low = values.min(), let high = values.max() else { return nil }
        return low...high
    }
}
