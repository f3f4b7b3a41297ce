import Foundation

/// ISO-8601 UTC times as mocache writes them, in its stores and in JSON: `2026-11-25T11:47:53.123Z`, with
/// milliseconds, always 24 characters.
///
/// The fixed width makes text comparison order times, so SQL can compare and sort stored times as they are,
/// and SQLite's `julianday()` reads them. Times before year 0 or after 9999 are clamped to that range.
/// Both directions are pure functions on integers (proleptic Gregorian calendar): fast, and safe from any
/// thread, unlike a shared formatter.
package enum ISO8601Timestamp {
    /// The number of characters of every time ``format(_:)`` writes.
    package static let length = 24

    /// Milliseconds between 1970-01-01 and 0000-01-01T00:00:00.000Z, and 9999-12-31T23:59:59.999Z.
    private static let minimumMilliseconds: Int64 = -62_167_219_200_000
    private static let maximumMilliseconds: Int64 = 253_402_300_799_999

    // MARK: - Writing

    /// The time as `2026-11-25T11:47:53.123Z`, rounded to the nearest millisecond.
    ///
    /// A time read back from this text writes the same text again: the milliseconds are rounded as an
    /// integer, so binary noise (`.130` stored as a hair below it) never moves a time to the millisecond
    /// below.
    package static func format(_ date: Date) -> String {
        let milliseconds = date.timeIntervalSince1970 * 1000
        if milliseconds.isNaN { return format(milliseconds: 0) }
        if milliseconds <= Double(minimumMilliseconds) { return format(milliseconds: minimumMilliseconds) }
        if milliseconds >= Double(maximumMilliseconds) { return format(milliseconds: maximumMilliseconds) }
        return format(milliseconds: Int64(milliseconds.rounded()))
    }

    /// The text of a time given in milliseconds since 1970, clamped to years 0000 to 9999.
    package static func format(milliseconds: Int64) -> String {
        let clamped = min(max(milliseconds, minimumMilliseconds), maximumMilliseconds)
        let (days, millisecondOfDay) = floorDivide(clamped, 86_400_000)
        let (year, month, day) = civilDate(fromDays: days)
        let hour = millisecondOfDay / 3_600_000
        let minute = millisecondOfDay / 60_000 % 60
        let second = millisecondOfDay / 1000 % 60
        let millisecond = millisecondOfDay % 1000

        var bytes = Array("0000-00-00T00:00:00.000Z".utf8)
        func put(_ value: Int64, at offset: Int, width: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(truncatingIfNeeded: 48 + value % 10)
                value /= 10
            }
        }
        put(year, at: 0, width: 4)
        put(month, at: 5, width: 2)
        put(day, at: 8, width: 2)
        put(hour, at: 11, width: 2)
        put(minute, at: 14, width: 2)
        put(second, at: 17, width: 2)
        put(millisecond, at: 20, width: 3)
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Reading

    /// Reads a time as people and other programs write it (RFC 3339): `2026-11-25T11:47:53Z`, with or
    /// without a fraction of a second (`.5`, `.123`, `.123456`), in UTC (`Z`) or with an offset
    /// (`+02:00`, `-0530`). `nil` for anything else, including impossible dates and times
    /// (`2026-02-30`, `24:00:00`).
    package static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// The time of text in exactly the form ``format(_:)`` writes (24 characters, milliseconds, `Z`), as a
    /// store reads its own columns back; `nil` for anything else.
    package static func parseExact(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parseExact(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// ``parseExact(_:)`` on UTF-8 bytes, read in place.
    package static func parseExact(utf8 bytes: UnsafeRawBufferPointer) -> Date? {
        guard bytes.count == length, bytes[19] == UInt8(ascii: "."), bytes[23] == UInt8(ascii: "Z"),
            let seconds = secondsOfDateAndTime(bytes), let millisecond = number(bytes, 20, 3)
        else { return nil }
        return Date(timeIntervalSince1970: Double(seconds * 1000 + millisecond) / 1000)
    }

    /// ``parse(_:)`` on UTF-8 bytes.
    private static func parse(utf8 bytes: UnsafeRawBufferPointer) -> Date? {
        guard bytes.count >= 20, let seconds = secondsOfDateAndTime(bytes) else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            // Up to nanoseconds; further digits are read and dropped.
            index += 1
            let start = index
            var digits: Int64 = 0
            var scale = 1.0
            while index < bytes.count, bytes[index] &- 48 < 10 {
                if index - start < 9 {
                    digits = digits * 10 + Int64(bytes[index] &- 48)
                    scale *= 10
                }
                index += 1
            }
            guard index > start else { return nil }
            fraction = Double(digits) / scale
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds: Int64 = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = bytes[index] == UInt8(ascii: "+") ? 1 : -1
            let hasColon = bytes.count == index + 6 && bytes[index + 3] == UInt8(ascii: ":")
            guard hasColon || bytes.count == index + 5, let hours = number(bytes, index + 1, 2),
                let minutes = number(bytes, hasColon ? index + 4 : index + 3, 2), hours < 24, minutes < 60
            else { return nil }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
            index = bytes.count
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        return Date(timeIntervalSince1970: Double(seconds - offsetSeconds) + fraction)
    }

    /// The seconds since 1970 of the `YYYY-MM-DDTHH:MM:SS` the bytes start with, checked to be a real date
    /// and time; `nil` otherwise.
    private static func secondsOfDateAndTime(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard bytes.count >= 19,
            bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
            let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2), let second = number(bytes, 17, 2),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60 + second
    }

    /// The decimal number written by `width` digits at `offset`, or `nil` when one is not a digit.
    private static func number(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ width: Int) -> Int64? {
        var value: Int64 = 0
        for index in offset..<offset + width {
            let digit = bytes[index] &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, after Howard Hinnant's algorithms)

    /// Division that rounds toward negative infinity, with a remainder in `0..<divisor`.
    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// The days from 1970-01-01 to a date.
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400).quotient
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01.
    private static func civilDate(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// How many days a month has.
    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2:
            let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return isLeap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
