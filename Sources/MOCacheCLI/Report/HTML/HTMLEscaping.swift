/// Escapes text for an HTML document: every string that comes from the store goes through here.
///
/// Model ids, task names, configuration values and error messages are untrusted: a model id may be
/// `<script>alert(1)</script>`, an error may hold a job's terminal colours. Escaped, each reads as the
/// text it is and can never open an element, end an attribute or start an entity.
///
/// Control characters, which HTML cannot show and some parsers reject, are drawn as their Unicode
/// control pictures (`U+001B` becomes `␛`), so a job's escape sequences stay visible as text; tab,
/// line feed and carriage return are kept; the C1 controls become `U+FFFD`.
///
/// ```swift
/// HTMLEscaping.text("<b>&")            // "&lt;b&gt;&amp;"
/// HTMLEscaping.attribute("a\"b'c")     // "a&quot;b&#39;c"
/// ```
package enum HTMLEscaping {
    /// `value` escaped for element content: `&`, `<` and `>`, and control characters.
    package static func text(_ value: String) -> String {
        escape(value, quotes: false)
    }

    /// `value` escaped for a quoted attribute value: as ``text(_:)``, plus `"` and `'`.
    package static func attribute(_ value: String) -> String {
        escape(value, quotes: true)
    }

    /// Appends `value` escaped for element content to `output`.
    package static func appendText(_ value: String, to output: inout String) {
        append(value, quotes: false, to: &output)
    }

    /// Appends `value` escaped for a quoted attribute value to `output`.
    package static func appendAttribute(_ value: String, to output: inout String) {
        append(value, quotes: true, to: &output)
    }

    private static func escape(_ value: String, quotes: Bool) -> String {
        var output = ""
        append(value, quotes: quotes, to: &output)
        return output
    }

    private static func append(_ value: String, quotes: Bool, to output: inout String) {
        // Most strings need nothing: copy them whole.
        guard value.utf8.contains(where: { needsEscape($0, quotes: quotes) }) else {
            output += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where quotes: output += "&quot;"
            case "'" where quotes: output += "&#39;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}":
                output.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value) ?? "\u{FFFD}")
            case "\u{7F}": output += "\u{2421}"
            case "\u{80}"..."\u{9F}": output += "\u{FFFD}"
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    /// Whether a UTF-8 byte starts something that must change: a markup character, a control
    /// character, or the lead byte `0xC2` of a C1 control (checked exactly on the slow path).
    private static func needsEscape(_ byte: UInt8, quotes: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"): true
        case UInt8(ascii: "\""), UInt8(ascii: "'"): quotes
        case 0x00..<0x20: byte != 0x09 && byte != 0x0A && byte != 0x0D
        case 0x7F, 0xC2: true
        default: false
        }
    }
}
