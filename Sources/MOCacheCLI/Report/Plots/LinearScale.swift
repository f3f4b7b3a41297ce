/// Maps a numeric domain to a range of pixels, linearly: the y axis of every chart, the x axis of a
/// hyperparameter on a linear scale.
///
/// ```swift
/// let y = LinearScale.nice(covering: 0.81...0.97, range: (280, 10))  // domain 0.8...1, bottom up
/// y.position(0.9)   // 145
/// y.ticks()         // 0.8, 0.85, 0.9, 0.95, 1 with labels "0.80" ... "1.00"
/// ```
package struct LinearScale: Sendable, Hashable {
    /// The domain's ends, `lower < upper`.
    package let lower: Double
    package let upper: Double
    /// The pixel positions of `lower` and `upper` (`start > end` for a y axis drawn bottom up).
    package let start: Double
    package let end: Double
    /// About how many ticks to draw.
    package let tickCount: Int

    /// A scale from `lower...upper` to `start...end`; an empty domain is widened around its value.
    package init(lower: Double, upper: Double, start: Double, end: Double, tickCount: Int = 5) {
        let (lower, upper) = Self.widened(lower, upper)
        self.lower = lower
        self.upper = upper
        self.start = start
        self.end = end
        self.tickCount = tickCount
    }

    /// A scale whose domain covers `values` and ends on round ticks.
    package static func nice(
        covering values: ClosedRange<Double>, range: (start: Double, end: Double), tickCount: Int = 5
    ) -> LinearScale {
        let (lower, upper) = widened(values.lowerBound, values.upperBound)
        let step = NiceNumbers.step(span: upper - lower, count: tickCount)
        let niceLower = (lower / step + 1e-9).rounded(.down) * step
        let niceUpper = (upper / step - 1e-9).rounded(.up) * step
        return LinearScale(
            lower: niceLower, upper: niceUpper, start: range.start, end: range.end, tickCount: tickCount)
    }

    /// The pixel position of `value`.
    package func position(_ value: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }

    /// Round ticks inside the domain, labelled with the decimals their step needs.
    package func ticks() -> [AxisTick] {
        let step = NiceNumbers.step(span: upper - lower, count: tickCount)
        return NiceNumbers.ticks(from: lower, to: upper, count: tickCount).map {
            AxisTick(value: $0, label: NiceNumbers.label($0, step: step))
        }
    }

    /// A domain with room: a single value gets a tenth of itself (or 1 for zero) on each side.
    private static func widened(_ lower: Double, _ upper: Double) -> (Double, Double) {
        guard lower.isFinite, upper.isFinite else { return (0, 1) }
        if lower < upper { return (lower, upper) }
        let pad = lower == 0 ? 1 : abs(lower) * 0.1
        return (lower - pad, lower + pad)
    }
}
