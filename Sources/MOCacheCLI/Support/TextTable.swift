/// An aligned table for the text format: a header row and cells padded to their column's width.
///
/// Widths are measured on the plain text; a cell may carry a style (colour), applied after padding so
/// escape codes never shift the columns.
struct TextTable {
    /// A column: its header and whether numbers are aligned right.
    struct Column {
        let header: String
        let rightAligned: Bool

        init(_ header: String, rightAligned: Bool = false) {
            self.header = header
            self.rightAligned = rightAligned
        }
    }

    /// A cell: its text and how to style it once padded.
    struct Cell: ExpressibleByStringLiteral {
        let text: String
        let styled: (String) -> String

        /// A cell; control characters in `text` are shown as escapes (``TerminalText``), so that text from
        /// the store never breaks a row or acts on the terminal.
        init(_ text: String, styled: @escaping (String) -> String = { $0 }) {
            self.text = TerminalText.escaped(text)
            self.styled = styled
        }

        init(stringLiteral value: String) {
            self.init(value)
        }
    }

    let columns: [Column]
    private(set) var rows: [[Cell]] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    mutating func append(_ row: [Cell]) {
        rows.append(row)
    }

    /// The table as lines, with two spaces between columns and no trailing spaces; the header styled.
    func render(style: Style) -> String {
        var widths = columns.map(\.header.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.text.count)
            }
        }
        func line(_ cells: [Cell]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() where index < columns.count {
                let padding = String(repeating: " ", count: widths[index] - cell.text.count)
                let isLast = index == cells.count - 1
                if columns[index].rightAligned {
                    parts.append(padding + cell.styled(cell.text))
                } else {
                    parts.append(cell.styled(cell.text) + (isLast ? "" : padding))
                }
            }
            return parts.joined(separator: "  ")
        }
        let header = line(columns.map { Cell($0.header, styled: style.bold) })
        return ([header] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
