/// Coordinates written for SVG: to a tenth of a pixel, without exponents or trailing zeros, and fast
/// (a chart may have thousands of them).
///
/// ```swift
/// SVGNumber.format(12.345)   // "12.3"
/// SVGNumber.format(-0.04)    // "0"
/// SVGNumber.format(40)       // "40"
/// ```
package enum SVGNumber {
    /// `value` rounded to one decimal.
    package static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int64((value * 10).rounded())
        let whole = tenths / 10
        let fraction = abs(tenths % 10)
        if fraction == 0 { return String(whole) }
        return (tenths < 0 && whole == 0 ? "-0" : String(whole)) + "." + String(fraction)
    }
}
