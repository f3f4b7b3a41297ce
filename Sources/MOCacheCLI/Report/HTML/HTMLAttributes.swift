/// The attributes of an ``HTMLNode`` element, in order: names from the program's source, values
/// escaped when rendered.
///
/// A dictionary literal makes them: `["class": "chart", "data-plot": "heatmap"]`.
package struct HTMLAttributes: Sendable, ExpressibleByDictionaryLiteral {
    private var entries: [(name: StaticString, value: String?)]

    /// Attributes in the order written.
    package init(dictionaryLiteral elements: (StaticString, String)...) {
        entries = elements.map { ($0.0, $0.1) }
    }

    /// No attributes.
    package static let none: HTMLAttributes = [:]

    /// These attributes and one more, after them.
    package func adding(_ name: StaticString, _ value: String) -> HTMLAttributes {
        var copy = self
        copy.entries.append((name, value))
        return copy
    }

    /// These attributes and a boolean one (`open`, `hidden`), written without a value.
    package func adding(flag name: StaticString) -> HTMLAttributes {
        var copy = self
        copy.entries.append((name, nil))
        return copy
    }

    /// Appends ` name="value"` for each attribute to `output`.
    func render(into output: inout String) {
        for (name, value) in entries {
            output += " " + name.description
            guard let value else { continue }
            output += "=\""
            HTMLEscaping.appendAttribute(value, to: &output)
            output += "\""
        }
    }
}
