/// Text from the store or from a job (model ids, task names, backend ids, errors a job printed) made safe
/// for a terminal: control characters are shown as escapes instead of acting.
///
/// A model id holding `\e[2J` would clear the screen, one holding a newline would break a table. The
/// text format of every command passes such text through ``escaped(_:keepingNewlines:)``; the JSON
/// format needs nothing (JSON escapes control characters itself).
enum TerminalText {
    /// `text` with each control character (C0, DEL, C1) and each line or paragraph separator (U+2028,
    /// U+2029) written as an escape: `\n`, `\r`, `\t`, `\x1B`, `\u{85}`, `\u{2028}`.
    ///
    /// - Parameter keepingNewlines: Leave `\n` (and `\t`) as they are, for text made of lines, such as an
    ///   error message with a job's last lines of output.
    static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n" where keepingNewlines, "\t" where keepingNewlines: result.unicodeScalars.append(scalar)
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += scalar.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u{\(hex)}"
            }
        }
        return result
    }

    /// Whether a scalar is shown as an escape.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028
            || scalar.value == 0x2029
    }
}
