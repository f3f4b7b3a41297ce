import Foundation

/// Maps positive numbers to pixels on a logarithmic scale: learning rates, weight decays, anything a
/// sweep spaces by factors.
///
/// ```swift
/// let x = LogScale.nice(covering: 0.02...0.5, range: (0, 300))  // domain 0.01...1
/// x.position(0.1)   // 150
/// x.ticks()         // 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1
/// ```
package struct LogScale: Sendable, Hashable {
    /// The domain's ends, `0 < lower < upper`.
    package let lower: Double
    package let upper: Double
    /// The pixel positions of `lower` and `upper`.
    package let start: Double
    package let end: Double

    /// A scale from `lower...upper` (both positive) to `start...end`.
    package init(lower: Double, upper: Double, start: Double, end: Double) {
        let lower = lower.isFinite && lower > 0 ? lower : 1
        let upper = upper.isFinite && upper > lower ? upper : lower * 10
        self.lower = lower
        self.upper = upper
        self.start = start
        self.end = end
    }

    /// A scale whose domain covers `values` (positive) and ends on powers of ten.
    package static func nice(covering values: ClosedRange<Double>, range: (start: Double, end: Double)) -> LogScale {
        let low = values.lowerBound > 0 ? values.lowerBound : 1
        let high = max(values.upperBound, low)
        let lower = pow(10, (log10(low) + 1e-9).rounded(.down))
        var upper = pow(10, (log10(high) - 1e-9).rounded(.up))
        if upper <= lower { upper = lower * 10 }
        return LogScale(lower: lower, upper: upper, start: range.start, end: range.end)
    }

    /// The pixel position of `value`; values at or below zero are drawn at the start.
    package func position(_ value: Double) -> Double {
        guard value > 0 else { return start }
        return start + (log10(value) - log10(lower)) / (log10(upper) - log10(lower)) * (end - start)
    }

    /// The powers of ten in the domain; with two decades or fewer, also 2 and 5 times them; with
    /// more than eight, every second or third power.
    package func ticks() -> [AxisTick] {
        let decades = log10(upper) - log10(lower)
        let factors: [Double] = decades <= 2 + 1e-9 ? [1, 2, 5] : [1]
        let every = decades > 16 ? 3 : decades > 8 ? 2 : 1
        let first = Int((log10(lower) + 1e-9).rounded(.down))
        let last = Int((log10(upper) + 1e-9).rounded(.down))
        var ticks: [AxisTick] = []
        for exponent in first...max(first, last) where (exponent - first) % every == 0 {
            for factor in factors {
                let value = factor * pow(10, Double(exponent))
                guard value >= lower * (1 - 1e-9), value <= upper * (1 + 1e-9) else { continue }
                ticks.append(AxisTick(value: value, label: Self.label(factor: factor, exponent: exponent)))
            }
        }
        return ticks
    }

    /// `factor × 10^exponent` written plainly (`0.002`, `50`) in a readable range, else `2e-5`.
    static func label(factor: Double, exponent: Int) -> String {
        let digit = String(Int(factor))
        switch exponent {
        case -4 ... -1: return "0." + String(repeating: "0", count: -exponent - 1) + digit
        case 0...4: return digit + String(repeating: "0", count: exponent)
        default: return digit + "e" + String(exponent)
        }
    }
}
