import Foundation
import MOCache

/// Time spans and dates as people type them on the command line: `30d`, `12h`, `1d12h`, `2026-01-31`.
///
/// `mocache models --since 3d`, `mocache prune --older-than 30d --unused-for 90d` read them.
public enum TimeSpan {
    /// The units, in seconds: `s`, `m` (minutes), `h`, `d`, `w`.
    static let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]

    /// Reads a span: one or more numbers each followed by a unit (`s`, `m`, `h`, `d`, `w`), such as
    /// `30d`, `90m`, `1d12h` or `1.5h`.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidInput`` for anything else.
    public static func seconds(parsing text: String) throws -> TimeInterval {
        var total: TimeInterval = 0
        var number = ""
        var sawPart = false
        for character in text {
            if character.isASCII && (character.isNumber || character == ".") {
                number.append(character)
            } else if let unit = units[character], let value = Double(number), value.isFinite {
                total += value * unit
                number = ""
                sawPart = true
            } else {
                throw MOCacheError.invalidTimeSpan(text)
            }
        }
        guard sawPart, number.isEmpty, total.isFinite else { throw MOCacheError.invalidTimeSpan(text) }
        return total
    }

    /// Reads a point in time: a span back from `now` (`3d` is three days ago), or an ISO-8601 date
    /// (`2026-01-31`, midnight UTC) or date and time (`2026-01-31T12:00:00Z`, with or without
    /// fractional seconds).
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidInput`` for anything else.
    public static func date(parsing text: String, now: Date = Date()) throws -> Date {
        if let seconds = try? Self.seconds(parsing: text) {
            return now.addingTimeInterval(-seconds)
        }
        if let date = ISO8601Timestamp.parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().year().month().day().parse(text) { return date }
        throw MOCacheError.invalidDate(text)
    }
}
