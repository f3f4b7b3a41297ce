import Foundation

/// Maps times to pixels, with ticks on round times in UTC: the x axis of the compute-over-time chart.
///
/// Ticks fall on whole seconds, minutes, hours, days, Mondays, months or years, whichever gives about
/// the asked number; labels say as much as the step needs (`14:05`, `Nov 29`, `Nov 2026`, `2026`),
/// and a tick at midnight on an axis of hours says its day.
package struct TimeScale: Sendable, Hashable {
    /// The domain, in seconds since 1970, `lower < upper`.
    package let lower: Double
    package let upper: Double
    /// The pixel range.
    package let start: Double
    package let end: Double
    /// About how many ticks to draw.
    package let tickCount: Int

    /// A scale from `lower...upper` (seconds since 1970) to `start...end`; a single time gets a
    /// minute on each side.
    package init(lower: Date, upper: Date, start: Double, end: Double, tickCount: Int = 5) {
        var low = lower.timeIntervalSince1970
        var high = upper.timeIntervalSince1970
        if !(low < high) {
            low -= 60
            high = low + 120
        }
        self.lower = low
        self.upper = high
        self.start = start
        self.end = end
        self.tickCount = tickCount
    }

    /// The pixel position of a time, in seconds since 1970.
    package func position(_ seconds: Double) -> Double {
        start + (seconds - lower) / (upper - lower) * (end - start)
    }

    /// Fixed steps, in seconds, tried from the smallest.
    private static let fixedSteps: [Double] = [
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400,
        172_800, 604_800,
    ]
    /// Calendar steps, in months, after the fixed ones.
    private static let monthSteps = [1, 3, 6, 12, 24, 60, 120]

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// Ticks on round times inside the domain.
    package func ticks() -> [AxisTick] {
        let span = upper - lower
        if let step = Self.fixedSteps.first(where: { span / $0 <= Double(tickCount) }) {
            // Weeks start on Monday: 1970-01-05 was one.
            let origin: Double = step == 604_800 ? 4 * 86_400 : 0
            let first = ((lower - origin) / step).rounded(.up)
            let last = ((upper - origin) / step).rounded(.down)
            guard first <= last else { return [] }
            return stride(from: first, through: last, by: 1).map {
                let seconds = origin + $0 * step
                return AxisTick(value: seconds, label: Self.label(seconds, step: step))
            }
        }
        let months = Self.monthSteps.first { span / (Double($0) * 2_629_746) <= Double(tickCount) } ?? 120
        let lowerDate = Date(timeIntervalSince1970: lower)
        var components = Self.calendar.dateComponents([.year, .month], from: lowerDate)
        let monthIndex = ((components.year ?? 1970) * 12 + (components.month ?? 1) - 1)
        var index = (monthIndex + months - 1) / months * months
        var ticks: [AxisTick] = []
        while ticks.count < 100 {
            components = DateComponents(year: index / 12, month: index % 12 + 1, day: 1)
            guard let date = Self.calendar.date(from: components) else { break }
            let seconds = date.timeIntervalSince1970
            if seconds > upper { break }
            if seconds >= lower {
                let year = String(index / 12)
                let label = months >= 12 ? year : Self.monthNames[index % 12] + " " + year
                ticks.append(AxisTick(value: seconds, label: label))
            }
            index += months
        }
        return ticks
    }

    /// A tick's label for a fixed step: seconds, minutes, or days, in UTC.
    static func label(_ seconds: Double, step: Double) -> String {
        let parts = calendar.dateComponents(
            [.month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
        let (hour, minute, second) = (parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        let day = monthNames[((parts.month ?? 1) - 1) % 12] + " " + String(parts.day ?? 1)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        if step >= 86_400 || (hour == 0 && minute == 0 && second == 0) { return day }
        if step >= 60 { return two(hour) + ":" + two(minute) }
        return two(hour) + ":" + two(minute) + ":" + two(second)
    }
}
