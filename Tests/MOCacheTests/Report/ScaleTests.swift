import Foundation
import Testing

@testable import MOCacheCLI

/// Scales and ticks are pure functions: tested hard, as the plots stand on them.
@Suite("Report: scales, ticks and SVG numbers")
struct ScaleTests {
    @Test("round steps of 1, 2 or 5 times a power of ten")
    func steps() {
        #expect(NiceNumbers.step(span: 1, count: 5) == 0.2)
        #expect(NiceNumbers.step(span: 0.005, count: 5) == 0.001)
        #expect(NiceNumbers.step(span: 47, count: 5) == 10)
        #expect(NiceNumbers.step(span: 30, count: 5) == 5)
        #expect(NiceNumbers.step(span: 1_000_000, count: 4) == 200_000)
        #expect(NiceNumbers.step(span: 0, count: 5) == 1)
        #expect(NiceNumbers.step(span: .nan, count: 5) == 1)
    }

    @Test("ticks are exact multiples, without floating-point drift")
    func ticks() {
        #expect(NiceNumbers.ticks(from: 0, to: 1, count: 5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(NiceNumbers.ticks(from: 0.81, to: 0.97, count: 5) == [0.85, 0.9, 0.95])
        #expect(NiceNumbers.ticks(from: 0.1, to: 0.3, count: 2) == [0.1, 0.2, 0.3])
        #expect(NiceNumbers.ticks(from: -3, to: 3, count: 6) == [-3, -2, -1, 0, 1, 2, 3])
        #expect(NiceNumbers.ticks(from: 5, to: 5, count: 5) == [5])
        #expect(NiceNumbers.ticks(from: 2, to: 1, count: 5).isEmpty)
    }

    @Test("labels carry the decimals their step needs, and k, M, G for large steps")
    func labels() {
        #expect(NiceNumbers.decimals(for: 1) == 0)
        #expect(NiceNumbers.decimals(for: 50) == 0)
        #expect(NiceNumbers.decimals(for: 0.5) == 1)
        #expect(NiceNumbers.decimals(for: 0.05) == 2)
        #expect(NiceNumbers.decimals(for: 0.001) == 3)
        #expect(NiceNumbers.label(0.9, step: 0.05) == "0.90")
        #expect(NiceNumbers.label(0.898, step: 0.001) == "0.898")
        #expect(NiceNumbers.label(-0.0, step: 0.1) == "0.0")
        #expect(NiceNumbers.label(25_000, step: 5_000) == "25k")
        #expect(NiceNumbers.label(1_500_000, step: 500_000) == "1.5M")
        #expect(NiceNumbers.label(1_000_000, step: 500_000) == "1.0M")
        #expect(NiceNumbers.label(500_000, step: 500_000) == "500k")
        #expect(NiceNumbers.label(5_000, step: 1_000) == "5000")
        #expect(NiceNumbers.label(3e9, step: 1e9) == "3G")
        #expect(NiceNumbers.label(2e-8, step: 1e-8) == "2e-08")
        #expect(NiceNumbers.short(0.123456) == "0.1235")
        #expect(NiceNumbers.short(12) == "12")
        #expect(NiceNumbers.short(1234.5678) == "1235")
        #expect(NiceNumbers.short(0.00001) == "1e-05")
    }

    @Test("linear scales: nice domains, positions, a single value widened")
    func linear() {
        let y = LinearScale.nice(covering: 0.81...0.97, range: (280, 10))
        #expect(y.lower == 0.8 && abs(y.upper - 1) < 1e-12)
        #expect(y.position(0.8) == 280 && abs(y.position(1) - 10) < 1e-9 && abs(y.position(0.9) - 145) < 1e-9)
        #expect(y.ticks().map(\.label) == ["0.80", "0.85", "0.90", "0.95", "1.00"])
        let single = LinearScale.nice(covering: 0.9...0.9, range: (0, 100))
        #expect(single.lower < 0.9 && single.upper > 0.9)
        #expect(single.ticks().count >= 2)
        let zero = LinearScale(lower: 0, upper: 0, start: 0, end: 10)
        #expect(zero.lower == -1 && zero.upper == 1 && zero.position(0) == 5)
    }

    @Test("log scales: decades, with 2 and 5 over short spans, thinned over long ones")
    func log() {
        let x = LogScale.nice(covering: 0.02...0.5, range: (0, 300))
        #expect(abs(x.lower - 0.01) < 1e-15 && x.upper == 1)
        #expect(abs(x.position(0.1) - 150) < 1e-9)
        #expect(x.ticks().map(\.label) == ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"])
        let wide = LogScale.nice(covering: 1e-7...10, range: (0, 300))
        #expect(wide.ticks().map(\.label) == ["1e-7", "1e-6", "1e-5", "0.0001", "0.001", "0.01", "0.1", "1", "10"])
        let huge = LogScale.nice(covering: 1e-12...1, range: (0, 300))
        #expect(huge.ticks().map(\.label) == ["1e-12", "1e-10", "1e-8", "1e-6", "0.0001", "0.01", "1"])
        let single = LogScale.nice(covering: 3...3, range: (0, 100))
        #expect(single.lower == 1 && single.upper == 10 && single.ticks().map(\.label) == ["1", "2", "5", "10"])
        #expect(x.position(0) == 0 && x.position(-1) == 0)
    }

    @Test("point scales put each category in the middle of its slot")
    func points() {
        let x = PointScale(count: 4, start: 0, end: 400)
        #expect([0, 1, 2, 3].map { x.position($0) } == [50, 150, 250, 350])
        #expect(PointScale(count: 1, start: 0, end: 100).position(0) == 50)
        #expect(PointScale(count: 0, start: 0, end: 100).count == 1)
    }

    @Test("time scales: round times in UTC, labels as precise as the step")
    func time() {
        let start = Date(timeIntervalSince1970: 1_764_451_590)  // 2025-11-29 21:26:30 UTC
        let seconds = TimeScale(lower: start, upper: start.addingTimeInterval(10), start: 0, end: 100)
        #expect(
            seconds.ticks().map(\.label) == ["21:26:30", "21:26:32", "21:26:34", "21:26:36", "21:26:38", "21:26:40"])
        let minutes = TimeScale(lower: start, upper: start.addingTimeInterval(1_500), start: 0, end: 100)
        #expect(minutes.ticks().map(\.label) == ["21:30", "21:35", "21:40", "21:45", "21:50"])
        let days = TimeScale(lower: start, upper: start.addingTimeInterval(4 * 86_400), start: 0, end: 100)
        #expect(days.ticks().map(\.label) == ["Nov 30", "Dec 1", "Dec 2", "Dec 3"])
        let midnight = TimeScale(lower: start, upper: start.addingTimeInterval(6 * 3_600), start: 0, end: 100)
        #expect(midnight.ticks().map(\.label) == ["22:00", "Nov 30", "02:00"])
        let months = TimeScale(lower: start, upper: start.addingTimeInterval(200 * 86_400), start: 0, end: 100)
        #expect(months.ticks().map(\.label) == ["Jan 2026", "Apr 2026"])
        let monthly = TimeScale(
            lower: start, upper: start.addingTimeInterval(200 * 86_400), start: 0, end: 100, tickCount: 8)
        #expect(
            monthly.ticks().map(\.label) == [
                "Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026",
            ])
        let years = TimeScale(lower: start, upper: start.addingTimeInterval(3_000 * 86_400), start: 0, end: 100)
        #expect(years.ticks().map(\.label) == ["2026", "2028", "2030", "2032", "2034"])
        let single = TimeScale(lower: start, upper: start, start: 0, end: 120)
        #expect(single.position(start.timeIntervalSince1970) == 60)
        #expect(seconds.position(start.timeIntervalSince1970 + 5) == 50)
    }

    @Test("SVG numbers and paths")
    func svg() {
        #expect(SVGNumber.format(12.345) == "12.3")
        #expect(SVGNumber.format(40) == "40")
        #expect(SVGNumber.format(-0.04) == "0")
        #expect(SVGNumber.format(-0.25) == "-0.3" || SVGNumber.format(-0.25) == "-0.2")
        #expect(SVGNumber.format(-12.06) == "-12.1")
        #expect(SVGNumber.format(.infinity) == "0")
        #expect(SVGPath.through([(0, 10), (5, 0)]).d == "M0 10L5 0")
        #expect(SVGPath.through([(0, 10), (5, 0), (9, 2)], stepped: true).d == "M0 10H5V0H9V2")
        #expect(SVGPath.through([]).d.isEmpty)
    }

    @Test("heatmap colours run from pale to deep, with readable text on each")
    func colours() {
        #expect(ColorRamp.color(0) == "#eff6fc")
        #expect(ColorRamp.color(1) == "#08306b")
        #expect(ColorRamp.color(-3) == ColorRamp.color(0) && ColorRamp.color(.nan) == ColorRamp.color(0))
        #expect(!ColorRamp.needsLightText(0) && ColorRamp.needsLightText(1))
    }
}
