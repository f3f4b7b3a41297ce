/// The rule for the names that keys are made of (model ids, task names, backend ids) where they enter
/// mocache from outside: a job's output, an import file. (The stores themselves keep any text byte for
/// byte, NUL included.)
///
/// A control character (NUL, a newline, a terminal escape, U+007F to U+009F) has no place in a name:
/// a NUL cuts C strings, a newline splits the lines and tables people read, an escape rewrites their
/// terminal. Such a name is refused where it enters, with a message, rather than stored.
package enum IdentifierText {
    /// What is wrong with `text` as a name, or `nil` when nothing is: the first control character,
    /// as a code point and a position.
    package static func problem(_ text: String) -> String? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where isControl(scalar) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return "holds the control character U+\(code) at character \(offset + 1); "
                + "names may not hold control characters (NUL, newlines, escapes)"
        }
        return nil
    }

    /// Whether a scalar is a C0 or C1 control character, or DEL.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
