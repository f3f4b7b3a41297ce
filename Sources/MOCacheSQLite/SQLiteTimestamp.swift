import Foundation
import MOCacheCore

/// How the SQLite store writes times: ISO-8601 UTC text with milliseconds, always 24 characters.
///
/// `2026-11-25T11:47:53.123Z`. The fixed width makes text comparison order times, so SQL can compare
/// and sort the columns as they are, and `julianday()` reads them. Times before year 0 or after 9999
/// are clamped to that range. Both directions are pure functions on integers: fast, and safe from any
/// thread (unlike a shared `DateFormatter`).
enum SQLiteTimestamp {
    /// The number of characters of every timestamp.
    static let length = 24

    /// Milliseconds between 1970-01-01 and 0000-01-01T00:00:00.000Z, and 9999-12-31T23:59:59.999Z.
    private static let minimumMilliseconds: Int64 = -62_167_219_200_000
    private static let maximumMilliseconds: Int64 = 253_402_300_799_999

    /// The text of `date`, rounded down to the millisecond.
    ///
    /// The time is first rounded to the microsecond, so that binary noise (`-0.001` is a hair below a
    /// millisecond before 1970) never moves it to the millisecond below.
    static func string(from date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let milliseconds: Int64
        if seconds.isNaN {
            milliseconds = 0
        } else if seconds * 1000 <= Double(minimumMilliseconds) {
            milliseconds = minimumMilliseconds
        } else if seconds * 1000 >= Double(maximumMilliseconds) {
            milliseconds = maximumMilliseconds
        } else {
            milliseconds = floorDivide(Int64((seconds * 1_000_000).rounded()), 1000).quotient
        }
        return string(fromMilliseconds: milliseconds)
    }

    /// The text of a time given in milliseconds since 1970.
    static func string(fromMilliseconds milliseconds: Int64) -> String {
        let clamped = min(max(milliseconds, minimumMilliseconds), maximumMilliseconds)
        let (days, millisecondOfDay) = floorDivide(clamped, 86_400_000)
        let (year, month, day) = civilDate(fromDays: days)
        let hour = millisecondOfDay / 3_600_000
        let minute = millisecondOfDay / 60_000 % 60
        let second = millisecondOfDay / 1000 % 60
        let millisecond = millisecondOfDay % 1000

        var bytes = [UInt8](repeating: 0, count: length)
        func put(_ value: Int64, at offset: Int, width: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(truncatingIfNeeded: 48 + value % 10)
                value /= 10
            }
        }
        put(year, at: 0, width: 4)
        bytes[4] = UInt8(ascii: "-")
        put(month, at: 5, width: 2)
        bytes[7] = UInt8(ascii: "-")
        put(day, at: 8, width: 2)
        bytes[10] = UInt8(ascii: "T")
        put(hour, at: 11, width: 2)
        bytes[13] = UInt8(ascii: ":")
        put(minute, at: 14, width: 2)
        bytes[16] = UInt8(ascii: ":")
        put(second, at: 17, width: 2)
        bytes[19] = UInt8(ascii: ".")
        put(millisecond, at: 20, width: 3)
        bytes[23] = UInt8(ascii: "Z")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The time a timestamp stands for, or `nil` when the text is not exactly in the store's format.
    static func date(from text: String) -> Date? {
        milliseconds(from: text).map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    /// The milliseconds since 1970 of a timestamp, or `nil` when the text is not exactly in the format.
    static func milliseconds(from text: String) -> Int64? {
        var text = text
        return text.withUTF8 { milliseconds(fromUTF8: UnsafeRawBufferPointer($0)) }
    }

    /// The time of a timestamp given as UTF-8 bytes, or `nil` when they are not exactly in the format.
    static func date(fromUTF8 bytes: UnsafeRawBufferPointer) -> Date? {
        milliseconds(fromUTF8: bytes).map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    /// The milliseconds since 1970 of a timestamp given as UTF-8 bytes, or `nil`.
    static func milliseconds(fromUTF8 bytes: UnsafeRawBufferPointer) -> Int64? {
        guard bytes.count == length,
            bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "."),
            bytes[23] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ offset: Int, _ width: Int) -> Int64? {
            var value: Int64 = 0
            for index in offset..<offset + width {
                let digit = bytes[index] &- 48
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            let millisecond = number(20, 3),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millisecond
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
