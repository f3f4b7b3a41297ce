import Foundation

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// Random documents for property tests, and random but equivalent ways of writing them as text.
enum RandomJSON {
    /// Characters that stress escaping, sorting and UTF-8: controls, quotes, backslash, slash,
    /// DEL, C1 controls, Latin, the BMP near the surrogates, astral characters, combining marks.
    static let scalars: [Unicode.Scalar] = [
        "a", "b", "z", "A", "0", "9", " ", "_", ".", "$", "[", "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}",
        "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9F}", "\u{E9}", "\u{F6}",
        "\u{301}", "\u{5D3}", "\u{2028}", "\u{20AC}", "\u{D7FF}", "\u{E000}", "\u{FB33}", "\u{FEFF}",
        "\u{FFFD}", "\u{FFFF}", "\u{10000}", "\u{1F600}", "\u{1F9EA}", "\u{10FFFF}",
    ]

    /// Numbers at the edges: zeros, the smallest and largest doubles, ±2^53, powers of ten around the
    /// ECMAScript format switches.
    static let specialNumbers: [Double] = [
        0, -0.0, 1, -1, 0.1, 0.5, 1e-7, 1e-6, 1e21, 1e22, 1e300, -1e-300, .leastNonzeroMagnitude,
        -.leastNonzeroMagnitude,
        Double.leastNormalMagnitude, Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude,
        9_007_199_254_740_992, -9_007_199_254_740_992, 9_007_199_254_740_991, 333_333_333.333_333_3,
        123_456_789, 0.001, 1e-3, 2.5e-8,
    ]

    static func string(_ generator: inout SplitMix64, maxLength: Int = 8) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maxLength, using: &generator) {
            text.append(scalars.randomElement(using: &generator) ?? "a")
        }
        return String(text)
    }

    /// A finite double that has a canonical form (not between 2^53 and 10^21 in magnitude).
    static func number(_ generator: inout SplitMix64) -> Double {
        while true {
            let value = anyNumber(&generator)
            if JSONWriter.numberProblem(value) == nil { return value }
        }
    }

    private static func anyNumber(_ generator: inout SplitMix64) -> Double {
        switch Int.random(in: 0..<5, using: &generator) {
        case 0:
            return specialNumbers.randomElement(using: &generator) ?? 0
        case 1:
            return Double(Int.random(in: -1_000_000...1_000_000, using: &generator))
        case 2:
            let mantissa = Double(Int.random(in: -99_999_999...99_999_999, using: &generator))
            return mantissa * pow(10, Double(Int.random(in: -30...30, using: &generator)))
        default:
            return Double(bitPattern: generator.next())  // May be NaN or infinite: filtered above.
        }
    }

    /// A random document, nested up to `depth` levels.
    static func value(_ generator: inout SplitMix64, depth: Int = 4) -> JSONValue {
        let kinds = depth > 0 ? 7 : 5
        switch Int.random(in: 0..<kinds, using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(number(&generator))
        case 3, 4: return .string(string(&generator))
        case 5:
            let count = Int.random(in: 0...4, using: &generator)
            return .array((0..<count).map { _ in value(&generator, depth: depth - 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                members[string(&generator, maxLength: 4)] = value(&generator, depth: depth - 1)
            }
            return .object(members)
        }
    }

    // MARK: - Writing the same value differently

    /// `value` as valid JSON text that means the same but is written differently: members in a
    /// random order, random whitespace, characters randomly escaped as `\uXXXX` (surrogate pairs for
    /// astral ones) or `\/`, numbers spelled the Swift way (`1.0`, `1e-07`) or with an exponent.
    static func noisyText(_ value: JSONValue, _ generator: inout SplitMix64) -> String {
        var text = ""
        writeNoisy(value, to: &text, &generator)
        return whitespace(&generator) + text + whitespace(&generator)
    }

    private static func whitespace(_ generator: inout SplitMix64) -> String {
        let pieces = [" ", "\n", "\t", "\r\n", "  "]
        return (0..<Int.random(in: 0...2, using: &generator)).map { _ in
            pieces.randomElement(using: &generator) ?? " "
        }.joined()
    }

    private static func writeNoisy(_ value: JSONValue, to text: inout String, _ generator: inout SplitMix64) {
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let number): text += noisyNumber(number, &generator)
        case .string(let string): text += noisyString(string, &generator)
        case .array(let elements):
            text += "[" + whitespace(&generator)
            for (index, element) in elements.enumerated() {
                if index > 0 { text += whitespace(&generator) + "," + whitespace(&generator) }
                writeNoisy(element, to: &text, &generator)
            }
            text += whitespace(&generator) + "]"
        case .object(let members):
            text += "{" + whitespace(&generator)
            for (index, member) in members.shuffled(using: &generator).enumerated() {
                if index > 0 { text += whitespace(&generator) + "," + whitespace(&generator) }
                text += noisyString(member.key, &generator) + whitespace(&generator) + ":" + whitespace(&generator)
                writeNoisy(member.value, to: &text, &generator)
            }
            text += whitespace(&generator) + "}"
        }
    }

    private static func noisyNumber(_ number: Double, _ generator: inout SplitMix64) -> String {
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: return number.description  // "1.0", "1e-07", "-0.0"
        case 1:
            let canonical = ECMAScriptNumber.string(number)
            return canonical.contains("e") ? canonical.uppercased() : canonical + "E0"
        default: return String(format: "%.17g", number)  // Round-trips, often with more digits.
        }
    }

    private static func noisyString(_ string: String, _ generator: inout SplitMix64) -> String {
        var text = "\""
        for scalar in string.unicodeScalars {
            let escape = Int.random(in: 0..<4, using: &generator) == 0
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "/": text += escape ? "\\/" : "/"
            case _ where scalar.value < 0x20 || escape:
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16, uppercase: Bool.random(using: &generator))
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
