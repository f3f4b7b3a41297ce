import Foundation
import Testing

@testable import MOCacheCLI
@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

@Suite("Time spans and human formats")
struct TimeSpanTests {
    static let spanCases: [(String, Double)] = [
        ("45s", 45), ("90m", 5_400), ("12h", 43_200), ("30d", 2_592_000), ("2w", 1_209_600), ("1d12h", 129_600),
        ("1.5h", 5_400), ("0s", 0),
    ]

    @Test("spans read as seconds", arguments: spanCases)
    func spans(text: String, seconds: Double) throws {
        #expect(try TimeSpan.seconds(parsing: text) == seconds)
    }

    @Test("anything else is an error", arguments: ["", "30", "d", "30x", "3 d", "-3d", "1d2", "1..5h", "abc"])
    func badSpans(text: String) {
        let error = #expect(throws: MOCacheError.self) { try TimeSpan.seconds(parsing: text) }
        #expect(error?.code == .invalidInput)
    }

    @Test("a date is a span back from now, or an ISO-8601 date or time")
    func dates() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try TimeSpan.date(parsing: "1d", now: now) == now - 86_400)
        #expect(try TimeSpan.date(parsing: "2026-01-31", now: now) == Date(timeIntervalSince1970: 1_769_817_600))
        #expect(
            try TimeSpan.date(parsing: "2026-01-31T12:00:00Z", now: now)
                == Date(timeIntervalSince1970: 1_769_860_800))
        #expect(
            try TimeSpan.date(parsing: "2026-01-31T12:00:00.250Z", now: now)
                == Date(timeIntervalSince1970: 1_769_860_800.25))
        #expect(throws: MOCacheError.self) { try TimeSpan.date(parsing: "yesterday", now: now) }
        #expect(throws: MOCacheError.self) { try TimeSpan.date(parsing: "2026-13-01", now: now) }
    }

    @Test("ISO-8601 timestamps round-trip with milliseconds")
    func timestamps() {
        let date = Date(timeIntervalSince1970: 1_800_000_000.123)
        #expect(ISO8601Timestamp.format(date) == "2027-01-15T08:00:00.123Z")
        #expect(
            ISO8601Timestamp.parse("2027-01-15T08:00:00.123Z").map { abs($0.timeIntervalSince(date)) < 0.001 } == true)
        #expect(ISO8601Timestamp.parse("2027-01-15T08:00:00Z") == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(ISO8601Timestamp.parse("not a time") == nil)
        // Read back and written again, every millisecond gives the same text.
        for millisecond in 0..<1_000 {
            let text = "2026-11-25T12:35:44.\(String(format: "%03d", millisecond))Z"
            #expect(ISO8601Timestamp.parse(text).map(ISO8601Timestamp.format) == text)
        }
        #expect(ISO8601Timestamp.format(Date(timeIntervalSince1970: 1_800_000_000.9996)) == "2027-01-15T08:00:01.000Z")
    }

    static let relativeCases: [(Double, String)] = [
        (0.2, "just now"), (42, "42s ago"), (300, "5m ago"), (10_850, "3h ago"), (172_800, "2d ago"),
        (1_728_000, "2w ago"), (8_640_000, "3mo ago"), (69_120_000, "2y ago"), (-10_800, "in 3h"),
    ]

    @Test("relative times", arguments: relativeCases)
    func relative(secondsAgo: Double, text: String) {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(HumanFormat.relative(now - secondsAgo, now: now) == text)
    }

    static let durationCases: [(Double, String)] = [
        (0.349, "0.35s"), (4.24, "4.2s"), (42.9, "42s"), (185, "3m 05s"), (7_620, "2h 07m"), (273_600, "3d 4h"),
        (-1, "0.00s"), (.nan, "-"),
    ]

    @Test("durations", arguments: durationCases)
    func durations(seconds: Double, text: String) {
        #expect(HumanFormat.duration(seconds) == text)
    }

    @Test("sizes and metric values")
    func sizesAndMetrics() {
        #expect(HumanFormat.bytes(812) == "812 B")
        #expect(HumanFormat.bytes(4096) == "4.0 KiB")
        #expect(HumanFormat.bytes(1_572_864) == "1.5 MiB")
        #expect(HumanFormat.bytes(2_469_606_195) == "2.3 GiB")
        #expect(HumanFormat.metric(0.91344) == "0.9134")
        #expect(HumanFormat.metric(12) == "12")
        #expect(HumanFormat.metric(0.5) == "0.5")
        #expect(HumanFormat.metric(-0.00001) == "-1e-05")
        #expect(HumanFormat.metric(0) == "0")
    }
}
