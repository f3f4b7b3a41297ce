import Foundation
import MOCache

extension ReportPage {
    /// A line chart with its caption, legend (when it has more than one line), notes, and its numbers
    /// in a table one click away.
    static func figure(_ chart: LineChart, size: (width: Double, height: Double) = LineChartWriter.gridSize)
        -> HTMLNode
    {
        var nodes: [HTMLNode] = [
            .element("figcaption", .none, text: chart.title), LineChartWriter.svg(chart, size: size),
        ]
        if chart.series.count > 1 {
            nodes.append(
                .element(
                    "ul", ["class": "legend"],
                    chart.series.enumerated().map { index, series in
                        .element(
                            "li", ["class": "s\(index % LineChartWriter.colors)"],
                            [.element("span", .none, text: series.name)])
                    }))
        }
        nodes += chart.notes.map { .element("p", ["class": "note"], text: $0) }
        nodes.append(
            .element(
                "details", ["class": "numbers"],
                [.element("summary", .none, text: "Numbers"), table(numbers(of: chart))]))
        return .element("figure", ["class": "chart"], nodes)
    }

    /// A heatmap with its notes; the values are written in its cells.
    static func figure(_ heatmap: Heatmap) -> HTMLNode {
        var nodes: [HTMLNode] = [HeatmapWriter.svg(heatmap)]
        nodes += heatmap.notes.map { .element("p", ["class": "note"], text: $0) }
        return .element("figure", ["class": "wide"], nodes)
    }

    /// The points of a chart as a table: series, x, y, and for means the runs and their range.
    static func numbers(of chart: LineChart) -> ReportTable {
        let aggregated = chart.allPoints.contains { $0.count > 1 }
        var columns: [ReportTable.Column] = []
        if chart.series.count > 1 { columns.append(.init("line")) }
        let numericX = chart.xAxis != .time && !isCategorical(chart.xAxis)
        columns.append(.init(chart.xLabel, numeric: numericX || chart.xAxis == .time))
        columns.append(.init(chart.yLabel, numeric: true))
        if aggregated {
            columns += [.init("runs", numeric: true), .init("min", numeric: true), .init("max", numeric: true)]
        }
        var rows: [[ReportTable.Cell]] = []
        for series in chart.series {
            for point in series.points {
                var row: [ReportTable.Cell] = []
                if chart.series.count > 1 { row.append(.text(series.name)) }
                switch chart.xAxis {
                case .time:
                    row.append(
                        .time(
                            point.x, text: ReportFormat.timestamp(Date(timeIntervalSince1970: point.x), seconds: true)))
                case .categories(let names):
                    let index = Int(point.x)
                    row.append(.text(names.indices.contains(index) ? names[index] : "–"))
                case .linear, .log:
                    row.append(.number(point.x, text: JSONValue.number(point.x).compactText))
                }
                row.append(.number(point.y, text: NiceNumbers.short(point.y)))
                if aggregated {
                    row.append(.number(Double(point.count), text: ReportFormat.integer(point.count)))
                    row.append(.number(point.low ?? point.y, text: NiceNumbers.short(point.low ?? point.y)))
                    row.append(.number(point.high ?? point.y, text: NiceNumbers.short(point.high ?? point.y)))
                }
                rows.append(row)
            }
        }
        return ReportTable(columns: columns, rows: rows, kind: "numbers")
    }

    private static func isCategorical(_ axis: LineChart.XAxis) -> Bool {
        if case .categories = axis { return true }
        return false
    }
}
