/// Draws a ``Heatmap`` as inline SVG: a row per model (its id, and what tells it apart), a column per
/// task, each cell coloured by its value and labelled with it, and a key of the colours below.
///
/// Colours rank the models within each task (the lowest value of a column is palest, the highest
/// deepest), because tasks differ in scale: one ramp over all of them would paint whole columns alike
/// and hide the differences between models that the grid is for. The numbers are in the cells.
///
/// A pure function of the heatmap. Cell colours come from ``ColorRamp``; the text of each cell is
/// chosen to stay readable on it. Every cell's `<title>` names its model, task, value and entry.
package enum HeatmapWriter {
    /// A cell's height, in pixels.
    static let cellHeight = 30.0
    /// The longest row label drawn, in characters (the whole label is in the row's title).
    static let labelCharacters = 34
    /// The longest detail drawn, in characters.
    static let detailCharacters = 36

    /// The heatmap as an `<svg>` element.
    package static func svg(_ heatmap: Heatmap) -> HTMLNode {
        let labels = heatmap.rows.map { ChartText.truncated($0.label, to: labelCharacters) }
        let details = heatmap.rows.map { ChartText.truncated($0.detail, to: detailCharacters) }
        let labelWidth = (labels.map { ChartText.width($0, size: 12) }.max() ?? 0) + 16
        let detailWidth = details.contains { !$0.isEmpty } ? (details.map { ChartText.width($0) }.max() ?? 0) + 16 : 0
        let columnLabels = heatmap.columns.map { ChartText.truncated($0, to: 18) }
        let cellWidth = max(88, (columnLabels.map { ChartText.width($0, size: 12) }.max() ?? 0) + 18)
        let gridLeft = labelWidth + detailWidth
        let top = 26.0
        let gridBottom = top + Double(heatmap.rows.count) * cellHeight
        let width = max(gridLeft + Double(heatmap.columns.count) * cellWidth, gridLeft + keyWidth) + 4
        let height = gridBottom + 40
        let ranges = heatmap.columns.indices.map { column -> ClosedRange<Double>? in
            let values = heatmap.rows.compactMap { $0.values[column] }
            guard let low = values.min(), let high = values.max() else { return nil }
            return low...high
        }
        func fraction(_ value: Double, column: Int) -> Double {
            guard let range = ranges[column], range.upperBound > range.lowerBound else { return 0.5 }
            return (value - range.lowerBound) / (range.upperBound - range.lowerBound)
        }
        var nodes: [HTMLNode] = []
        for (index, label) in columnLabels.enumerated() {
            var children: [HTMLNode] = [.text(label)]
            if label != heatmap.columns[index] {
                children.insert(.element("title", text: heatmap.columns[index]), at: 0)
            }
            nodes.append(
                .element(
                    "text",
                    [
                        "x": SVGNumber.format(gridLeft + (Double(index) + 0.5) * cellWidth), "y": "16",
                        "text-anchor": "middle", "class": "col-label",
                    ], children))
        }
        for (rowIndex, row) in heatmap.rows.enumerated() {
            let y = top + Double(rowIndex) * cellHeight
            let middle = SVGNumber.format(y + cellHeight / 2)
            var label: [HTMLNode] = [
                .element("title", text: row.label + (row.detail.isEmpty ? "" : " (\(row.detail))"))
            ]
            label.append(
                .element(
                    "text", ["x": "4", "y": middle, "dy": "0.32em", "class": "row-label"], text: labels[rowIndex]))
            if !details[rowIndex].isEmpty {
                label.append(
                    .element(
                        "text",
                        ["x": SVGNumber.format(labelWidth), "y": middle, "dy": "0.32em", "class": "row-detail"],
                        text: details[rowIndex]))
            }
            nodes.append(.element("g", ["class": "row"], label))
            for (column, value) in row.values.enumerated() {
                let x = gridLeft + Double(column) * cellWidth
                let cell: HTMLAttributes = [
                    "x": SVGNumber.format(x + 1), "y": SVGNumber.format(y + 1),
                    "width": SVGNumber.format(cellWidth - 2), "height": SVGNumber.format(cellHeight - 2), "rx": "3",
                ]
                let text: HTMLAttributes = [
                    "x": SVGNumber.format(x + cellWidth / 2), "y": middle, "dy": "0.32em", "text-anchor": "middle",
                ]
                let title = HTMLNode.element("title", text: row.titles[column])
                if let value {
                    let share = fraction(value, column: column)
                    nodes.append(
                        .element(
                            "g", ["class": "cell"],
                            [
                                title, .element("rect", cell.adding("fill", ColorRamp.color(share))),
                                .element(
                                    "text",
                                    text.adding("class", ColorRamp.needsLightText(share) ? "on-dark" : "on-light"),
                                    text: ReportFormat.metric(value)),
                            ]))
                } else {
                    nodes.append(
                        .element(
                            "g", ["class": "cell missing"],
                            [title, .element("rect", cell), .element("text", text, text: "–")]))
                }
            }
        }
        if heatmap.valueRange != nil { nodes.append(key(left: gridLeft, top: gridBottom + 12)) }
        return .element(
            "svg",
            [
                "class": "plot", "data-plot": "heatmap", "viewBox": "0 0 \(Int(width)) \(Int(height))",
                "width": "\(Int(width))", "height": "\(Int(height))", "role": "img", "aria-label": heatmap.title,
            ], nodes)
    }

    /// The width of the colour key.
    static let keyWidth = 300.0

    /// The ramp from pale to deep, saying what it means.
    private static func key(left: Double, top: Double) -> HTMLNode {
        var nodes: [HTMLNode] = [
            .element(
                "text", ["x": SVGNumber.format(left), "y": SVGNumber.format(top + 8), "class": "tick"], text: "lowest")
        ]
        for step in 0..<5 {
            nodes.append(
                .element(
                    "rect",
                    [
                        "x": SVGNumber.format(left + 44 + Double(step) * 18), "y": SVGNumber.format(top),
                        "width": "18", "height": "10", "fill": ColorRamp.color(Double(step) / 4),
                    ]))
        }
        nodes.append(
            .element(
                "text",
                ["x": SVGNumber.format(left + 44 + 5 * 18 + 6), "y": SVGNumber.format(top + 8), "class": "tick"],
                text: "highest in each task"))
        return .element("g", ["class": "key"], nodes)
    }
}
