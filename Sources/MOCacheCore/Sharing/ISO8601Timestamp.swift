import Foundation

/// ISO-8601 UTC times as mocache writes them in JSON: `2026-11-25T11:47:53.123Z`, with milliseconds.
package enum ISO8601Timestamp {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()

    /// The time as `2026-11-25T11:47:53.123Z`, rounded to the nearest millisecond.
    ///
    /// The milliseconds are computed as an integer, so that a time read back from this text writes the
    /// same text again (formatting a `Date` directly truncates, and `.130` may come back as `.129`).
    package static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1_000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1_000)
        let (wholeSeconds, positiveFraction) = fraction < 0 ? (seconds - 1, fraction + 1_000) : (seconds, fraction)
        let text = withoutFraction.format(Date(timeIntervalSince1970: TimeInterval(wholeSeconds)))
        return String(text.dropLast()) + "." + String(format: "%03d", Int(positiveFraction)) + "Z"
    }

    /// Reads a time written with or without fractional seconds; `nil` when the text is not one.
    package static func parse(_ text: String) -> Date? {
        if let date = try? withFraction.parse(text) { return date }
        return try? withoutFraction.parse(text)
    }
}
