/// Where a value sits inside a JSON document, written the JSONPath way: `$.hyperparameters.lr`,
/// `$.layers[3]`, `$["odd key"]`.
///
/// Errors carry one so that a person can find the offending value in their configuration.
package struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    /// One step down into a document.
    package enum Component: Hashable, Sendable {
        /// An object member, by name.
        case key(String)
        /// An array element, by position from 0.
        case index(Int)
    }

    /// The steps from the root, outermost first.
    package var components: [Component]

    /// Paths longer than this are shortened in messages: a document nested 500 levels deep would
    /// otherwise print a path of several kilobytes.
    package static let longestPrintedPath = 40

    /// Makes a path from its steps, outermost first; no steps is the root, `$`.
    package init(_ components: [Component] = []) {
        self.components = components
    }

    /// The path as people read it: `$`, then `.name` for names that are identifiers, `["name"]` for the
    /// others, and `[n]` for array positions.
    package var description: String {
        var text = "$"
        if components.count > Self.longestPrintedPath {
            let head = Self.longestPrintedPath / 2
            let tail = Self.longestPrintedPath / 4
            for component in components.prefix(head) { Self.append(component, to: &text) }
            text += "…(\(components.count - head - tail) more levels)…"
            for component in components.suffix(tail) { Self.append(component, to: &text) }
        } else {
            for component in components { Self.append(component, to: &text) }
        }
        return text
    }

    private static func append(_ component: Component, to text: inout String) {
        switch component {
        case .index(let index):
            text += "[\(index)]"
        case .key(let key):
            if isIdentifier(key) {
                text += ".\(key)"
            } else {
                var bytes: [UInt8] = []
                JSONWriter.appendString(key, to: &bytes)
                text += "[\(String(decoding: bytes, as: UTF8.self))]"
            }
        }
    }

    /// Whether a member name can be written after a dot: ASCII letters, digits and `_`, not starting
    /// with a digit.
    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                return true
            default:
                return false
            }
        }
    }
}
