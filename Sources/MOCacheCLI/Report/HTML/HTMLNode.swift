/// A piece of an HTML document (inline SVG included): an element, escaped text, or markup that the
/// program itself wrote.
///
/// Names of elements and attributes are `StaticString`s, and so is raw markup: only text written in
/// this program's source can become markup. Every `String` (text and attribute values) is escaped
/// when the node is rendered (``HTMLEscaping``), so store contents can never become markup.
///
/// ```swift
/// let cell = HTMLNode.element("td", ["class": "model"], [.text(run.modelID ?? "-")])
/// var html = ""
/// cell.render(into: &html)
/// ```
package struct HTMLNode: Sendable {
    private enum Content: Sendable {
        case element(name: StaticString, attributes: HTMLAttributes, children: [HTMLNode])
        case text(String)
        case markup(StaticString)
        case group([HTMLNode])
    }

    private let content: Content

    private init(_ content: Content) {
        self.content = content
    }

    /// An element with attributes and children.
    package static func element(
        _ name: StaticString, _ attributes: HTMLAttributes = .none, _ children: [HTMLNode] = []
    ) -> HTMLNode {
        HTMLNode(.element(name: name, attributes: attributes, children: children))
    }

    /// An element with attributes and one text child.
    package static func element(_ name: StaticString, _ attributes: HTMLAttributes = .none, text: String) -> HTMLNode {
        HTMLNode(.element(name: name, attributes: attributes, children: [.text(text)]))
    }

    /// Text, escaped when rendered.
    package static func text(_ text: String) -> HTMLNode {
        HTMLNode(.text(text))
    }

    /// Markup written in this program's source (a style sheet, a script), rendered as it is.
    package static func markup(_ markup: StaticString) -> HTMLNode {
        HTMLNode(.markup(markup))
    }

    /// Several nodes in a row, without an element around them.
    package static func group(_ nodes: [HTMLNode]) -> HTMLNode {
        HTMLNode(.group(nodes))
    }

    /// Nothing.
    package static let empty = HTMLNode(.group([]))

    /// Elements that have no end tag in HTML.
    private static let voidElements: Set<String> = ["br", "col", "hr", "img", "input", "link", "meta", "wbr"]

    /// Appends this node's HTML to `output`.
    package func render(into output: inout String) {
        switch content {
        case .text(let text):
            HTMLEscaping.appendText(text, to: &output)
        case .markup(let markup):
            output += markup.description
        case .group(let nodes):
            for node in nodes { node.render(into: &output) }
        case .element(let name, let attributes, let children):
            let tag = name.description
            output += "<" + tag
            attributes.render(into: &output)
            output += ">"
            if Self.voidElements.contains(tag) { return }
            for child in children { child.render(into: &output) }
            output += "</" + tag + ">"
        }
    }

    /// This node's HTML.
    package var html: String {
        var output = ""
        render(into: &output)
        return output
    }
}
