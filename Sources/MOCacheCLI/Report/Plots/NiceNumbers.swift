import Foundation

/// Round numbers for axes: steps of 1, 2 or 5 times a power of ten, and their labels.
///
/// ```swift
/// NiceNumbers.step(span: 0.47, count: 5)             // 0.1
/// NiceNumbers.ticks(from: 0.81, to: 0.97, count: 5)  // [0.85, 0.9, 0.95]
/// NiceNumbers.label(0.9, step: 0.05)                 // "0.90"
/// ```
package enum NiceNumbers {
    /// The round step (1, 2 or 5 times a power of ten) that cuts `span` into about `count` parts: the
    /// one nearest the exact step on a log scale (the thresholds are the geometric means of 1, 2, 5 and
    /// 10, as in d3).
    package static func step(span: Double, count: Int) -> Double {
        guard span.isFinite, span > 0, count > 0 else { return 1 }
        let raw = span / Double(count)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        let factor: Double =
            switch residual {
            case ..<2.0.squareRoot(): 1
            case ..<10.0.squareRoot(): 2
            case ..<50.0.squareRoot(): 5
            default: 10
            }
        return factor * magnitude
    }

    /// The multiples of a round step between `from` and `to` (both included when they are multiples),
    /// about `count` of them. Each value is an exact multiple, written without drift (`0.3`, never
    /// `0.30000000000000004`).
    package static func ticks(from: Double, to: Double, count: Int) -> [Double] {
        guard from.isFinite, to.isFinite, from <= to else { return [] }
        guard from < to else { return [from] }
        let step = step(span: to - from, count: count)
        let first = (from / step - 1e-9).rounded(.up)
        let last = (to / step + 1e-9).rounded(.down)
        guard first <= last, last - first < 1_000 else { return [] }
        let decimals = decimals(for: step)
        return stride(from: first, through: last, by: 1).map { clean($0 * step, decimals: decimals) }
    }

    /// How many decimals show the multiples of `step` exactly: 0 for 1 or 50, 1 for 0.5, 2 for 0.05.
    package static func decimals(for step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        return max(0, Int((-log10(step) - 1e-9).rounded(.up)))
    }

    /// A tick label for `value` on an axis of `step`: as many decimals as the step needs; from ten
    /// thousand up, thousands as `k`, millions as `M` and billions as `G`; tiny steps in exponent form.
    package static func label(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        for (divisor, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where abs(value) >= max(divisor, 1e4) && step >= 1
        {
            let scaled = value / divisor
            return trimmedZero(String(format: "%.*f", decimals(for: step / divisor), scaled)) + suffix
        }
        let places = decimals(for: step)
        if places > 6 { return trimmedZero(String(format: "%.2g", value)) }
        return trimmedZero(String(format: "%.*f", places, value))
    }

    /// A short label for a single value (a legend, a title): up to four significant digits, no
    /// trailing zeros, exponent form for tiny or huge values.
    package static func short(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == 0 { return "0" }
        if abs(value) < 1e-4 || abs(value) >= 1e9 { return trimmedZero(String(format: "%.3g", value)) }
        if value == value.rounded(), abs(value) < 1e9 { return String(Int64(value)) }
        let digits = max(0, 3 - Int(log10(abs(value)).rounded(.down)))
        var text = String(format: "%.*f", min(digits, 8), value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return trimmedZero(text)
    }

    /// `value` rounded to `decimals` places, so `3 * 0.1` is `0.3`.
    private static func clean(_ value: Double, decimals: Int) -> Double {
        let text = String(format: "%.*f", min(decimals, 15), value)
        return Double(text) ?? value
    }

    /// `"-0"` and `"-0.00"` read as zero.
    private static func trimmedZero(_ text: String) -> String {
        guard text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) else { return text }
        return String(text.dropFirst())
    }
}
