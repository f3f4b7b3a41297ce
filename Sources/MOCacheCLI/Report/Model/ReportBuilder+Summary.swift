import Foundation
import MOCache

extension ReportBuilder {
    /// The headline figures of the records, and the chart of compute spent and saved over time.
    static func summary(
        runs: [TrainingRunRecord], evals: [EvalResultRecord], statistics: CacheStatistics, limits: ReportLimits
    ) -> ReportSummary {
        var spent: [(Date, Double)] = []
        var saved: [(Date, Double)] = []
        var hits = 0
        var statuses: [EntryStatus: Int] = [:]
        func count(
            status: EntryStatus, hitCount: Int, compute: Double?, finished: Date?, lastHit: Date?
        ) {
            statuses[status, default: 0] += 1
            hits += hitCount
            guard let compute = compute.map({ max(0, $0) }) else { return }
            if let finished { spent.append((finished, compute)) }
            if hitCount > 0, let lastHit { saved.append((lastHit, Double(hitCount) * compute)) }
        }
        for run in runs {
            count(
                status: run.status, hitCount: run.hitCount, compute: run.computeSeconds, finished: run.finishedAt,
                lastHit: run.lastHitAt)
        }
        for eval in evals {
            count(
                status: eval.status, hitCount: eval.hitCount, compute: eval.computeSeconds, finished: eval.finishedAt,
                lastHit: eval.lastHitAt)
        }
        return ReportSummary(
            trainingRuns: runs.count, evalResults: evals.count, hits: hits,
            savedSeconds: saved.reduce(0) { $0 + $1.1 }, spentSeconds: spent.reduce(0) { $0 + $1.1 },
            failed: statuses[.failed] ?? 0, cancelled: statuses[.cancelled] ?? 0,
            inFlight: (statuses[.pending] ?? 0) + (statuses[.running] ?? 0),
            storeEntries: statistics.entries.reduce(0) { $0 + $1.count }, storeBytes: statistics.sizeBytes,
            schemaVersion: statistics.schemaVersion,
            computeChart: computeChart(spent: spent, saved: saved, hits: hits, limits: limits))
    }

    /// Running totals of compute spent (at each job's end) and saved (at each entry's last hit).
    static func computeChart(spent: [(Date, Double)], saved: [(Date, Double)], hits: Int, limits: ReportLimits)
        -> LineChart?
    {
        let times = spent.map(\.0) + saved.map(\.0)
        guard let first = times.min(), let last = times.max() else { return nil }
        let total = max(spent.reduce(0) { $0 + $1.1 }, saved.reduce(0) { $0 + $1.1 })
        let unit = ReportFormat.durationUnit(forLargest: total)
        var notes: [String] = []
        var sampled = false
        func series(_ name: String, _ events: [(Date, Double)], verb: String) -> LineChart.Series {
            // The running total at each moment (events at the same moment make one step), from the first
            // time to the last; titles are written only for the points kept.
            var totals: [(time: Double, seconds: Double)] = [(first.timeIntervalSince1970, 0)]
            var running = 0.0
            let sorted = events.sorted { $0.0 < $1.0 }
            for (offset, (time, seconds)) in sorted.enumerated() {
                running += seconds
                if offset + 1 < sorted.count, sorted[offset + 1].0 == time { continue }
                totals.append((time.timeIntervalSince1970, running))
            }
            if let end = totals.last, end.time < last.timeIntervalSince1970 {
                totals.append((last.timeIntervalSince1970, end.seconds))
            }
            if totals.count > limits.timePoints {
                sampled = true
                totals = sample(totals, to: limits.timePoints)
            }
            let points = totals.map { total in
                let when = ReportFormat.timestamp(Date(timeIntervalSince1970: total.time), seconds: true)
                return LineChart.Point(
                    x: total.time, y: total.seconds / unit.seconds,
                    title: total.seconds == 0
                        ? "\(when): nothing \(verb) yet"
                        : "\(when): \(HumanFormat.duration(total.seconds)) \(verb) in all")
            }
            return LineChart.Series(name: name, points: points)
        }
        let lines = [
            series("compute spent on jobs", spent, verb: "spent"),
            series("compute saved by cache hits", saved, verb: "saved"),
        ]
        notes.append(
            "Each entry's hits are drawn at its last hit: the store counts the hits of an entry, not the time of each.")
        if hits == 0 { notes.append("No cache hits yet: every stored entry was computed once and none was served.") }
        if sampled {
            notes.append("Each line is sampled to \(limits.timePoints) points; the totals above are exact.")
        }
        let points = lines.reduce(0) { $0 + $1.points.count }
        return LineChart(
            title: "Compute spent and saved over time", xLabel: "time (UTC)", xAxis: .time,
            yLabel: "compute (\(unit.name))", series: lines, stepped: true, showsMarks: points <= 120, notes: notes,
            kind: "compute")
    }

    /// `count` points of a running total, evenly spread over it, keeping its first and last.
    static func sample<Point>(_ points: [Point], to count: Int) -> [Point] {
        guard points.count > count, count >= 2 else { return points }
        let stride = Double(points.count - 1) / Double(count - 1)
        return (0..<count).map { points[Int((Double($0) * stride).rounded())] }
    }
}
