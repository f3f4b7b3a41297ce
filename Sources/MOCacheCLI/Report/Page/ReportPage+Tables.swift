extension ReportPage {
    /// The longest error kept in the page, in characters (stores already keep only a job's last output).
    static let errorLimit = 8_000
    /// The longest first line of an error shown before a click.
    static let errorSummaryLimit = 110

    /// A table, sortable by its headers, with its notes after it.
    static func table(_ table: ReportTable) -> HTMLNode {
        let header = HTMLNode.element(
            "tr", .none,
            table.columns.map { column in
                .element(
                    "th",
                    [
                        "data-type": column.numeric ? "number" : "text", "class": column.numeric ? "num" : "text",
                        "scope": "col",
                    ],
                    [
                        .element(
                            "button", ["type": "button"],
                            [.element("span", ["class": "t"], text: column.title)]
                                + (column.detail.map { [.element("span", ["class": "sub"], text: $0)] } ?? []))
                    ])
            })
        let rows = table.rows.map { row in
            HTMLNode.element("tr", .none, row.map(cell))
        }
        var nodes: [HTMLNode] = [
            .element(
                "div", ["class": "table-wrap"],
                [
                    .element(
                        "table", ["class": "sortable", "data-table": table.kind],
                        [.element("thead", .none, [header]), .element("tbody", .none, rows)])
                ])
        ]
        nodes += table.notes.map { .element("p", ["class": "note"], text: $0) }
        return .group(nodes)
    }

    private static func cell(_ cell: ReportTable.Cell) -> HTMLNode {
        switch cell {
        case .text(let text):
            return .element("td", .none, text: text)
        case .code(let text):
            return .element("td", ["class": "code"], text: text)
        case .number(let value, let text):
            return .element("td", ["class": "num", "data-v": value.map { "\($0)" } ?? ""], text: text)
        case .time(let seconds, let text):
            return .element("td", ["class": "num", "data-v": "\(seconds)"], text: text)
        case .status(let status):
            return .element("td", .none, [.element("span", ["class": "status \(status)"], text: status)])
        case .error(let error):
            var whole = error
            if whole.count > errorLimit {
                whole = String(whole.prefix(errorLimit)) + "\n… (\(error.count - errorLimit) more characters)"
            }
            let firstLine = whole.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
            if !whole.contains("\n"), whole.count <= errorSummaryLimit {
                return .element("td", ["class": "error"], text: whole)
            }
            return .element(
                "td", ["class": "error"],
                [
                    .element(
                        "details", .none,
                        [
                            .element("summary", .none, text: ChartText.truncated(firstLine, to: errorSummaryLimit)),
                            .element("pre", .none, text: whole),
                        ])
                ])
        case .empty:
            return .element("td", .none)
        }
    }
}
