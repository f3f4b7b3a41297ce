/// A table of the report (runs, failed evaluations, a chart's numbers), sortable by a click on a
/// column's header in the page.
package struct ReportTable: Sendable, Hashable {
    /// A column: its header (a title and a smaller line under it), and whether it holds numbers
    /// (sorted as numbers, aligned right).
    package struct Column: Sendable, Hashable {
        package let title: String
        package let detail: String?
        package let numeric: Bool

        /// Makes a column.
        package init(_ title: String, detail: String? = nil, numeric: Bool = false) {
            self.title = title
            self.detail = detail
            self.numeric = numeric
        }
    }

    /// A cell: what it shows and how it sorts.
    package enum Cell: Sendable, Hashable {
        /// Text, sorted as text.
        case text(String)
        /// Text in a fixed-width font (ids, hashes).
        case code(String)
        /// A number shown as `text`, sorted by `value`; `nil` shows as a dash and sorts last.
        case number(Double?, text: String)
        /// A time shown as `text`, sorted by the time (seconds since 1970).
        case time(Double, text: String)
        /// An entry's status, coloured by it.
        case status(String)
        /// An error: its first line, with the whole text a click away.
        case error(String)
        /// Nothing.
        case empty
    }

    /// The columns.
    package let columns: [Column]
    /// The rows; each has one cell per column.
    package let rows: [[Cell]]
    /// What was left out, and why.
    package let notes: [String]
    /// What the table is, for the page's DOM (`data-table`): `runs`, `failed-evals`, `numbers`.
    package let kind: String

    /// Makes a table.
    package init(columns: [Column], rows: [[Cell]], notes: [String] = [], kind: String) {
        self.columns = columns
        self.rows = rows
        self.notes = notes
        self.kind = kind
    }
}
