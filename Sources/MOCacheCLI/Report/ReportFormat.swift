import Foundation
import MOCache

/// How the report writes times, durations and values for people.
package enum ReportFormat {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    /// A time in UTC to the minute: `2026-11-29 21:26 UTC`; with `seconds`, to the second; without
    /// `zone`, no ` UTC` (for a column whose header says it).
    package static func timestamp(_ date: Date, seconds: Bool = false, zone: Bool = true) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        var text = "\(parts.year ?? 1970)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
        if seconds { text += ":" + two(parts.second) }
        return zone ? text + " UTC" : text
    }

    /// A unit for an axis of seconds whose largest value is `largest`: seconds, minutes or hours.
    package static func durationUnit(forLargest largest: Double) -> (name: String, seconds: Double) {
        switch largest {
        case ..<120: ("seconds", 1)
        case ..<7_200: ("minutes", 60)
        default: ("hours", 3_600)
        }
    }

    /// A configuration value as people read it: a string without quotes, a number in its canonical
    /// form (`0.0001`, `1e-7`), anything else as compact JSON.
    package static func value(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.compactText
    }

    /// A metric value: up to four decimals, as `mocache evals` shows it.
    package static func metric(_ value: Double) -> String {
        HumanFormat.metric(value)
    }

    /// `1 run`, `3 runs`.
    package static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))) "
            + (count == 1 ? singular : plural ?? singular + "s")
    }

    /// A whole number with thousands separated: `100,000`.
    package static func integer(_ value: Int) -> String {
        value.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }
}
