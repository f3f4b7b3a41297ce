/// Serializes ``JSONValue``s to UTF-8: the RFC 8785 canonical form, and an indented form for people.
///
/// Both sort object members by the UTF-16 code units of their names (RFC 8785 section 3.2.3), write
/// numbers the ECMAScript way and escape strings the RFC 8785 way.
enum JSONWriter {
    /// How deep containers may nest, in the parser and in the canonical writer alike, so that
    /// whatever is written can be read back.
    static let maximumDepth = 512

    // MARK: - Canonical form

    /// Appends the canonical form of `value`, or throws for what has none: NaN, infinities, and
    /// containers nested deeper than ``maximumDepth``.
    static func appendCanonical(
        _ value: JSONValue, to out: inout [UInt8], depth: Int = 0
    ) throws(JSONPathError) {
        switch value {
        case .null:
            out += nullBytes
        case .bool(let flag):
            out += flag ? trueBytes : falseBytes
        case .number(let number):
            if let problem = numberProblem(number) { throw JSONPathError(problem) }
            ECMAScriptNumber.append(number, to: &out)
        case .string(let string):
            appendString(string, to: &out)
        case .array(let elements):
            guard depth < maximumDepth else { throw tooDeep() }
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                do {
                    try appendCanonical(element, to: &out, depth: depth + 1)
                } catch {
                    throw error.inside(.index(index))
                }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard depth < maximumDepth else { throw tooDeep() }
            out.append(UInt8(ascii: "{"))
            for (index, member) in sortedMembers(members).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                do {
                    try appendCanonical(member.value, to: &out, depth: depth + 1)
                } catch {
                    throw error.inside(.key(member.key))
                }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// 2^53: up to it, doubles hold every integer exactly.
    static let largestExactInteger: Double = 9_007_199_254_740_992

    /// Why a number has no canonical form, or `nil` when it has one.
    ///
    /// NaN and infinities are not JSON. Numbers beyond ±2^53 but below 10^21 are refused too, as the
    /// issue of integers outside ±2^53 demands: they are all whole numbers, their canonical form is
    /// an integer literal (`9007199254740994`), and readers that keep integers exact (Python, Go's
    /// int64, `JSONValue(parsing:)` itself) would take it for another value than the double it came
    /// from, or refuse it. From 10^21 up, ECMAScript writes an exponent (`1e+21`) and every reader
    /// sees a double.
    ///
    /// - Parameters:
    ///   - number: The value.
    ///   - written: How the number was written, to quote it in the message; its canonical form if `nil`.
    static func numberProblem(_ number: Double, written: String? = nil) -> String? {
        if number.isNaN { return "NaN is not a JSON number" }
        if number.isInfinite { return "an infinity is not a JSON number" }
        guard number.magnitude > largestExactInteger, number.magnitude < 1e21 else { return nil }
        return "the number \(written ?? ECMAScriptNumber.string(number)) is a whole number beyond ±2^53 "
            + "(9007199254740992), where doubles no longer hold every integer, and its canonical form "
            + "would be an inexact integer; write it as a string"
    }

    /// The error for a container nested too deep.
    static func tooDeep() -> JSONPathError {
        JSONPathError("arrays and objects are nested more than \(maximumDepth) levels deep")
    }

    // MARK: - For people

    /// Appends `value` with sorted members and two-space indentation. Never fails: NaN and infinities
    /// are written as `NaN`, `Infinity` and `-Infinity`, which are not JSON but say what is there.
    static func appendPretty(_ value: JSONValue, to out: inout [UInt8], indent: Int = 0) {
        switch value {
        case .null:
            out += nullBytes
        case .bool(let flag):
            out += flag ? trueBytes : falseBytes
        case .string(let string):
            appendString(string, to: &out)
        case .number(let number):
            ECMAScriptNumber.append(number, to: &out)
        case .array(let elements):
            guard !elements.isEmpty else {
                out += [UInt8(ascii: "["), UInt8(ascii: "]")]
                return
            }
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                out += index > 0 ? [UInt8(ascii: ","), 0x0A] : [0x0A]
                appendIndent(indent + 1, to: &out)
                appendPretty(element, to: &out, indent: indent + 1)
            }
            out.append(0x0A)
            appendIndent(indent, to: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                out += [UInt8(ascii: "{"), UInt8(ascii: "}")]
                return
            }
            out.append(UInt8(ascii: "{"))
            for (index, member) in sortedMembers(members).enumerated() {
                out += index > 0 ? [UInt8(ascii: ","), 0x0A] : [0x0A]
                appendIndent(indent + 1, to: &out)
                appendString(member.key, to: &out)
                out += [UInt8(ascii: ":"), UInt8(ascii: " ")]
                appendPretty(member.value, to: &out, indent: indent + 1)
            }
            out.append(0x0A)
            appendIndent(indent, to: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func appendIndent(_ level: Int, to out: inout [UInt8]) {
        out += repeatElement(UInt8(ascii: " "), count: 2 * level)
    }

    // MARK: - Shared pieces

    /// Object members in RFC 8785 order: by the UTF-16 code units of their names, compared as
    /// unsigned integers. This is not Swift's `String` order, which compares by Unicode scalars and
    /// puts U+FB33 before U+1F600 where UTF-16 puts the surrogate pair D83D DE00 first.
    static func sortedMembers(_ members: [String: JSONValue]) -> [(key: String, value: JSONValue)] {
        members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
    }

    /// Appends `string` in double quotes, escaped as RFC 8785 section 3.2.2.2 says: `\"`, `\\`,
    /// `\b`, `\t`, `\n`, `\f`, `\r`, `\u00xx` (lowercase hex) for the other controls below U+0020,
    /// and every other character as itself in UTF-8.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x00..<0x20:
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static let nullBytes: [UInt8] = Array("null".utf8)
    static let trueBytes: [UInt8] = Array("true".utf8)
    static let falseBytes: [UInt8] = Array("false".utf8)

    /// `0123456789abcdef` as bytes.
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
