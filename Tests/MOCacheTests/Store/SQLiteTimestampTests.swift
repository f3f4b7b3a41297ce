import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// The store's time format: fixed-width ISO-8601 UTC with milliseconds.
@Suite struct SQLiteTimestampTests {
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
        #expect(SQLiteTimestamp.string(from: date) == text)
        let parsed = SQLiteTimestamp.date(from: text)
        #expect(parsed.map { abs($0.timeIntervalSince1970 - seconds) < 0.0005 } == true)
    }

    @Test func roundsDownToTheMillisecond() {
        #expect(SQLiteTimestamp.string(from: Date(timeIntervalSince1970: 1.9999)) == "1970-01-01T00:00:01.999Z")
        #expect(SQLiteTimestamp.string(from: Date(timeIntervalSince1970: -1.0001)) == "1969-12-31T23:59:58.999Z")
    }

    @Test func clampsTimesOutsideFourDigitYears() {
        #expect(SQLiteTimestamp.string(from: .distantFuture) == "4001-01-01T00:00:00.000Z")
        #expect(SQLiteTimestamp.string(from: Date(timeIntervalSince1970: 1e15)) == "9999-12-31T23:59:59.999Z")
        #expect(SQLiteTimestamp.string(from: Date(timeIntervalSince1970: -1e15)) == "0000-01-01T00:00:00.000Z")
    }

    @Test func agreesWithFoundationAndSortsAsText() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        var previous: (milliseconds: Int64, text: String)?
        for _ in 0..<2000 {
            let milliseconds = Int64.random(in: -2_000_000_000_000...32_000_000_000_000, using: &generator)
            let text = SQLiteTimestamp.string(fromMilliseconds: milliseconds)
            #expect(text.utf8.count == SQLiteTimestamp.length)
            #expect(SQLiteTimestamp.milliseconds(from: text) == milliseconds)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            if milliseconds >= 0 {
                #expect(formatter.string(from: date) == text, "\(milliseconds)")
            }
            if let previous {
                #expect((previous.milliseconds < milliseconds) == (previous.text < text))
            }
            previous = (milliseconds, text)
        }
    }

    @Test(arguments: [
        "", "2026-11-25T11:47:53Z", "2026-11-25T11:47:53.123", "2026-11-25 11:47:53.123Z",
        "2026-13-25T11:47:53.123Z", "2026-02-29T11:47:53.123Z", "2026-11-31T11:47:53.123Z",
        "2026-11-25T24:00:00.000Z", "2026-11-25T11:60:00.000Z", "2026-11-25T11:47:60.000Z",
        "2026-11-25T11:47:53.12aZ", "+026-11-25T11:47:53.123Z", "2026-11-25T11:47:53.123+00:00",
    ])
    func rejectsOtherTexts(_ text: String) {
        #expect(SQLiteTimestamp.date(from: text) == nil)
    }
}
