/// What a line chart shows: series of points against an x axis, ready for ``LineChartWriter``.
///
/// ``ReportBuilder`` makes these from store records; the writer only draws them. Every point carries
/// the text of its `<title>`, so the numbers behind a mark are one hover away, and the chart's data
/// table lists them all.
package struct LineChart: Sendable, Hashable {
    /// How the x axis maps values.
    package enum XAxis: Sendable, Hashable {
        /// Numbers, evenly spaced.
        case linear
        /// Positive numbers, spaced by factors.
        case log
        /// Times, as seconds since 1970 (UTC).
        case time
        /// Named values at even steps; a point's `x` is the index of its category.
        case categories([String])
    }

    /// One mark: a value, or the mean of several runs with their smallest and largest values.
    package struct Point: Sendable, Hashable {
        /// The x value (an index on a category axis, seconds since 1970 on a time axis).
        package let x: Double
        /// The y value (a mean when ``count`` is more than one).
        package let y: Double
        /// The smallest and largest of the values averaged, when several were.
        package let low: Double?
        package let high: Double?
        /// How many values the point stands for.
        package let count: Int
        /// The text of the mark's tooltip: everything known about it, in words.
        package let title: String

        /// Makes a point.
        package init(x: Double, y: Double, low: Double? = nil, high: Double? = nil, count: Int = 1, title: String) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
            self.count = count
            self.title = title
        }
    }

    /// A line: its name in the legend and its points, by increasing x.
    package struct Series: Sendable, Hashable {
        package let name: String
        package let points: [Point]

        /// Makes a series.
        package init(name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    /// What the chart shows, as a sentence's subject: `accuracy on heldout by learning_rate`.
    package let title: String
    /// The x axis's label, with its unit.
    package let xLabel: String
    /// The x axis's kind.
    package let xAxis: XAxis
    /// The y axis's label, with its unit.
    package let yLabel: String
    /// The lines.
    package let series: [Series]
    /// Whether lines hold their value until the next point (a running total) rather than join points.
    package let stepped: Bool
    /// Whether each point is drawn as a mark (with its tooltip); off for long running totals.
    package let showsMarks: Bool
    /// Sentences under the chart: what was sampled, aggregated or left out, and why.
    package let notes: [String]
    /// What the chart is, for the page's DOM (`data-plot`): `metric`, `compute`.
    package let kind: String

    /// Makes a chart.
    package init(
        title: String, xLabel: String, xAxis: XAxis, yLabel: String, series: [Series], stepped: Bool = false,
        showsMarks: Bool = true, notes: [String] = [], kind: String
    ) {
        self.title = title
        self.xLabel = xLabel
        self.xAxis = xAxis
        self.yLabel = yLabel
        self.series = series
        self.stepped = stepped
        self.showsMarks = showsMarks
        self.notes = notes
        self.kind = kind
    }

    /// Every point of every series.
    package var allPoints: [Point] { series.flatMap(\.points) }
}
