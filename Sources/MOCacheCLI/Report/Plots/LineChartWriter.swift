import Foundation

/// Draws a ``LineChart`` as inline SVG: gridlines, both axes with their labels and ticks, a band and a
/// line per series, and a mark per point whose `<title>` holds its numbers.
///
/// A pure function of the chart. Colours come from the page's style sheet (`.s0` … `.s7`, `.grid`,
/// `.axis`), so one SVG serves the light and the dark scheme and prints well.
package enum LineChartWriter {
    /// The size of a chart in a grid of charts, in pixels (it scales down with the page).
    package static let gridSize = (width: 520.0, height: 300.0)
    /// The size of a chart that has a row to itself.
    package static let wideSize = (width: 1080.0, height: 280.0)
    /// How many series colours the style sheet defines.
    package static let colors = 8

    /// The scales of a chart, fitted to its data and the drawing's area.
    struct Frame {
        let width: Double
        let height: Double
        let left: Double
        let right: Double
        let top: Double
        let bottom: Double
        let y: LinearScale
        let x: (Double) -> Double
        let xTicks: [AxisTick]
    }

    /// The chart as an `<svg>` element of `size` pixels.
    package static func svg(_ chart: LineChart, size: (width: Double, height: Double) = gridSize) -> HTMLNode {
        let frame = frame(for: chart, width: size.width, height: size.height)
        var nodes: [HTMLNode] = []
        let yTicks = frame.y.ticks()
        nodes.append(
            .element(
                "g", ["class": "grid"],
                yTicks.map { tick in
                    let y = SVGNumber.format(frame.y.position(tick.value))
                    return .element(
                        "line",
                        [
                            "x1": SVGNumber.format(frame.left), "x2": SVGNumber.format(frame.right), "y1": y,
                            "y2": y,
                        ])
                }))
        nodes.append(axes(chart, frame: frame, yTicks: yTicks))
        for (index, series) in chart.series.enumerated() {
            nodes.append(seriesNode(series, index: index, chart: chart, frame: frame))
        }
        return .element(
            "svg",
            [
                "class": "plot", "data-plot": chart.kind, "viewBox": "0 0 \(Int(size.width)) \(Int(size.height))",
                "width": "\(Int(size.width))", "height": "\(Int(size.height))", "role": "img",
                "aria-label": chart.title,
            ], nodes)
    }

    /// Margins and scales: the left margin fits the longest y label.
    static func frame(for chart: LineChart, width: Double, height: Double) -> Frame {
        let points = chart.allPoints
        let ys = points.flatMap { [$0.y, $0.low ?? $0.y, $0.high ?? $0.y] }
        var low = ys.min() ?? 0
        var high = ys.max() ?? 1
        // A little room, so that no mark sits on an axis.
        let pad = (high - low) * 0.04
        (low, high) = (low - pad, high + pad)
        if chart.stepped { low = 0 }
        let top = 14.0
        let bottom = height - 46
        let y = LinearScale.nice(covering: low...max(low, high), range: (bottom, top))
        let labelWidth = y.ticks().map { ChartText.width($0.label) }.max() ?? 0
        let left = 22 + labelWidth + 10
        let right = width - 20
        let xs = points.map(\.x)
        let xLow = xs.min() ?? 0
        let xHigh = max(xs.max() ?? 1, xLow)
        switch chart.xAxis {
        case .linear:
            let scale = LinearScale.nice(covering: xLow...xHigh, range: (left, right), tickCount: 6)
            return Frame(
                width: width, height: height, left: left, right: right, top: top, bottom: bottom, y: y,
                x: scale.position, xTicks: scale.ticks())
        case .log:
            let scale = LogScale.nice(covering: xLow...xHigh, range: (left, right))
            return Frame(
                width: width, height: height, left: left, right: right, top: top, bottom: bottom, y: y,
                x: scale.position, xTicks: scale.ticks())
        case .time:
            let scale = TimeScale(
                lower: Date(timeIntervalSince1970: xLow), upper: Date(timeIntervalSince1970: xHigh), start: left,
                end: right, tickCount: 6)
            return Frame(
                width: width, height: height, left: left, right: right, top: top, bottom: bottom, y: y,
                x: scale.position, xTicks: scale.ticks())
        case .categories(let names):
            let scale = PointScale(count: names.count, start: left, end: right)
            let longest = min(16, names.map(\.count).max() ?? 1)
            let fit = max(1, Int((right - left) / (Double(longest) * 6.6 + 10)))
            let every = max(1, Int((Double(names.count) / Double(fit)).rounded(.up)))
            let ticks = names.enumerated().filter { $0.offset % every == 0 }.map {
                AxisTick(value: Double($0.offset), label: $0.element)
            }
            return Frame(
                width: width, height: height, left: left, right: right, top: top, bottom: bottom, y: y,
                x: scale.position, xTicks: ticks)
        }
    }

    private static func axes(_ chart: LineChart, frame: Frame, yTicks: [AxisTick]) -> HTMLNode {
        var nodes: [HTMLNode] = []
        let base = SVGNumber.format(frame.bottom)
        nodes.append(
            .element(
                "line",
                ["x1": SVGNumber.format(frame.left), "x2": SVGNumber.format(frame.right), "y1": base, "y2": base]
            ))
        for tick in frame.xTicks {
            let x = SVGNumber.format(frame.x(tick.value))
            nodes.append(.element("line", ["x1": x, "x2": x, "y1": base, "y2": SVGNumber.format(frame.bottom + 5)]))
            let label = ChartText.truncated(tick.label, to: 16)
            var children: [HTMLNode] = [.text(label)]
            if label != tick.label { children.insert(.element("title", text: tick.label), at: 0) }
            nodes.append(
                .element(
                    "text",
                    ["x": x, "y": SVGNumber.format(frame.bottom + 18), "text-anchor": "middle", "class": "tick"],
                    children))
        }
        for tick in yTicks {
            nodes.append(
                .element(
                    "text",
                    [
                        "x": SVGNumber.format(frame.left - 8), "y": SVGNumber.format(frame.y.position(tick.value)),
                        "dy": "0.32em", "text-anchor": "end", "class": "tick",
                    ], text: tick.label))
        }
        let middleX = SVGNumber.format((frame.left + frame.right) / 2)
        nodes.append(
            .element(
                "text",
                [
                    "x": middleX, "y": SVGNumber.format(frame.height - 8), "text-anchor": "middle",
                    "class": "axis-label",
                ], text: chart.xLabel))
        let middleY = SVGNumber.format((frame.top + frame.bottom) / 2)
        nodes.append(
            .element(
                "text",
                [
                    "transform": "translate(13 \(middleY)) rotate(-90)", "text-anchor": "middle",
                    "class": "axis-label",
                ], text: ChartText.truncated(chart.yLabel, to: 40)))
        return .element("g", ["class": "axis"], nodes)
    }

    private static func seriesNode(_ series: LineChart.Series, index: Int, chart: LineChart, frame: Frame)
        -> HTMLNode
    {
        let positions = series.points.map { (x: frame.x($0.x), y: frame.y.position($0.y)) }
        var nodes: [HTMLNode] = []
        if series.points.contains(where: { $0.count > 1 }), series.points.count > 1 {
            let upper = series.points.map { (x: frame.x($0.x), y: frame.y.position($0.high ?? $0.y)) }
            let lower = series.points.reversed().map { (x: frame.x($0.x), y: frame.y.position($0.low ?? $0.y)) }
            var band = SVGPath.through(upper + lower)
            band.close()
            nodes.append(.element("path", ["class": "band", "d": band.d]))
        }
        if positions.count > 1 {
            nodes.append(
                .element("path", ["class": "line", "d": SVGPath.through(positions, stepped: chart.stepped).d]))
        }
        if chart.showsMarks || series.points.count == 1 {
            for (point, position) in zip(series.points, positions) {
                if let low = point.low, let high = point.high, point.count > 1, series.points.count == 1 {
                    nodes.append(
                        .element(
                            "line",
                            [
                                "class": "whisker", "x1": SVGNumber.format(position.x),
                                "x2": SVGNumber.format(position.x), "y1": SVGNumber.format(frame.y.position(low)),
                                "y2": SVGNumber.format(frame.y.position(high)),
                            ]))
                }
                nodes.append(
                    .element(
                        "circle",
                        [
                            "class": "mark", "cx": SVGNumber.format(position.x), "cy": SVGNumber.format(position.y),
                            "r": "3.5",
                        ], [.element("title", text: point.title)]))
            }
        }
        let name = series.name.isEmpty ? chart.title : series.name
        return .element(
            "g", ["class": "series s\(index % colors)", "data-series": name], nodes)
    }
}
