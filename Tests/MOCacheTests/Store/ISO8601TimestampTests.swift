import Foundation
import Testing

@testable import MOCacheCore

/// The time format of the stores and of exchanged JSON: fixed-width ISO-8601 UTC with milliseconds.
@Suite struct ISO8601TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_795_607_273.123, "2026-11-25T11:47:53.123Z"),
        (951_782_400.0, "2000-02-29T00:00:00.000Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (-62_135_596_800.0, "0001-01-01T00:00:00.000Z"),
        (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
    ])
    func formatsKnownTimes(seconds: Double, text: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(ISO8601Timestamp.format(date) == text)
        for parsed in [ISO8601Timestamp.parseExact(text), ISO8601Timestamp.parse(text)] {
            #expect(parsed.map { abs($0.timeIntervalSince1970 - seconds) < 0.0005 } == true)
        }
    }

    @Test func roundsToTheNearestMillisecond() {
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: 1.9994)) == "1970-01-01T00:00:01.999Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: 1.9996)) == "1970-01-01T00:00:02.000Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: -1.0004)) == "1969-12-31T23:59:59.000Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: -1.0006)) == "1969-12-31T23:59:58.999Z")
    }

    @Test func clampsTimesOutsideFourDigitYears() {
        #expect(ISO8601Timestamp.format(.distantFuture) == "4001-01-01T00:00:00.000Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: 1e15)) == "9999-12-31T23:59:59.999Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: -1e15)) == "0000-01-01T00:00:00.000Z")
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00.000Z")
    }

    @Test func agreesWithFoundationAndSortsAsText() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        var previous: (milliseconds: Int64, text: String)?
        for _ in 0..<2000 {
            let milliseconds = Int64.random(in: -2_000_000_000_000...32_000_000_000_000, using: &generator)
            let text = ISO8601Timestamp.format(milliseconds: milliseconds)
            #expect(text.utf8.count == ISO8601Timestamp.length)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            #expect(ISO8601Timestamp.parseExact(text) == date)
            #expect(ISO8601Timestamp.format(date) == text)
            if milliseconds >= 0 {
                #expect(formatter.string(from: date) == text, "\(milliseconds)")
            }
            if let previous {
                #expect((previous.milliseconds < milliseconds) == (previous.text < text))
            }
            previous = (milliseconds, text)
        }
    }

    /// What people and other programs write is read too, in UTC or with an offset.
    @Test(arguments: [
        ("2026-11-25T11:47:53Z", 1_795_607_273.0),
        ("2026-11-25T11:47:53.5Z", 1_795_607_273.5),
        ("2026-11-25T11:47:53.123456Z", 1_795_607_273.123456),
        ("2026-11-25T11:47:53.123z", 1_795_607_273.123),
        ("2026-11-25T13:47:53.123+02:00", 1_795_607_273.123),
        ("2026-11-25T06:17:53-0530", 1_795_607_273.0),
    ])
    func readsOtherForms(text: String, seconds: Double) {
        #expect(ISO8601Timestamp.parse(text).map { abs($0.timeIntervalSince1970 - seconds) < 0.000_001 } == true)
        #expect(ISO8601Timestamp.parseExact(text) == nil)
    }

    @Test(arguments: [
        "", "2026-11-25T11:47:53", "2026-11-25T11:47:53.123", "2026-11-25 11:47:53.123Z",
        "2026-13-25T11:47:53.123Z", "2026-02-29T11:47:53.123Z", "2026-11-31T11:47:53.123Z",
        "2026-11-25T24:00:00.000Z", "2026-11-25T11:60:00.000Z", "2026-11-25T11:47:60.000Z",
        "2026-11-25T11:47:53.12aZ", "+026-11-25T11:47:53.123Z", "2026-11-25T11:47:53.Z", "2026-11-25T11:47:53.123ZX",
        "2026-11-25T11:47:53+2:00", "2026-11-25T11:47:53+24:00", " 2026-11-25T11:47:53Z",
    ])
    func rejectsOtherTexts(_ text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
        #expect(ISO8601Timestamp.parseExact(text) == nil)
    }
}
