/// Writes doubles the way ECMAScript's `Number.prototype.toString` does, which is what RFC 8785
/// requires for numbers in canonical JSON: `1` (not `1.0`), `0.000001`, `1e-7`, `1e+21`.
///
/// The digits are the shortest that read back as the same double, and the closest to it among
/// those; Swift's own `description` already picks exactly those digits, so this type only places the
/// decimal point and the exponent by the ECMAScript rules.
enum ECMAScriptNumber {
    /// `x` as ECMAScript writes it. `x` must be finite.
    static func string(_ x: Double) -> String {
        var bytes: [UInt8] = []
        append(x, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `x` as ECMAScript writes it. `x` must be finite; NaN and infinities are appended as
    /// `NaN`, `Infinity` and `-Infinity` (not JSON, for display only).
    static func append(_ x: Double, to out: inout [UInt8]) {
        guard x.isFinite else {
            out += Array((x.isNaN ? "NaN" : x < 0 ? "-Infinity" : "Infinity").utf8)
            return
        }
        if x == 0 {  // Both 0 and -0.
            out.append(UInt8(ascii: "0"))
            return
        }
        if x < 0 { out.append(UInt8(ascii: "-")) }
        let (digits, n) = shortestDigits(x.magnitude)
        let k = digits.count
        let zero = UInt8(ascii: "0")
        if k <= n && n <= 21 {
            // An integer: the digits, then n - k zeros.
            out += digits
            out += repeatElement(zero, count: n - k)
        } else if 0 < n && n <= 21 {
            // A decimal point inside the digits.
            out += digits[0..<n]
            out.append(UInt8(ascii: "."))
            out += digits[n...]
        } else if -6 < n && n <= 0 {
            // A small number: "0.", -n zeros, the digits.
            out.append(zero)
            out.append(UInt8(ascii: "."))
            out += repeatElement(zero, count: -n)
            out += digits
        } else {
            // Exponent form: d[.ddd]e±x.
            out.append(digits[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out += digits[1...]
            }
            out.append(UInt8(ascii: "e"))
            out.append(n - 1 < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            out += Array(String((n - 1).magnitude).utf8)
        }
    }

    /// The shortest round-trip decimal digits of a positive finite `x`, without leading or trailing
    /// zeros, and the position `n` of the decimal point relative to them: x = 0.d₁d₂…d_k × 10ⁿ.
    static func shortestDigits(_ x: Double) -> (digits: [UInt8], n: Int) {
        // Swift writes "1.0", "0.0001", "1e-07", "1.2345678901234568e+20", "5e-324": a mantissa with an
        // optional point, then an optional exponent. Read it back as digits and a point position.
        var digits: [UInt8] = []
        var pointPosition: Int?
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in x.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte)
                }
            case UInt8(ascii: "."):
                pointPosition = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            case UInt8(ascii: "-"):
                exponentSign = -1
            default:
                break  // "+" of the exponent.
            }
        }
        var n = (pointPosition ?? digits.count) + exponentSign * exponent
        // Drop leading zeros ("0.0001" has digits "00001"), moving the point with them.
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        digits.removeFirst(leadingZeros)
        n -= leadingZeros
        // Drop trailing zeros ("1.0" has digits "10"); the value is unchanged.
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, n)
    }
}
