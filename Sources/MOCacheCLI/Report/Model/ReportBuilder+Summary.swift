import Foundation
import MOCache

extension ReportBuilder {
    /// The headline figures of the records, and the chart of compute spent and saved over time.
    static func summary(
        runs: [TrainingRunRecord], evals: [EvalResultRecord], statistics: CacheStatistics, limits: ReportLimits
    ) -> ReportSummary {
        var entries: [(status: EntryStatus, hits: Int, compute: Double?, finished: Date?, lastHit: Date?)] = []
        entries.reserveCapacity(runs.count + evals.count)
        for run in runs {
            entries.append((run.status, run.hitCount, run.computeSeconds, run.finishedAt, run.lastHitAt))
        }
        for eval in evals {
            entries.append((eval.status, eval.hitCount, eval.computeSeconds, eval.finishedAt, eval.lastHitAt))
        }
        var spent: [(Date, Double)] = []
        var saved: [(Date, Double)] = []
        var hits = 0
        for entry in entries {
            hits += entry.hits
            guard let compute = entry.compute.map({ max(0, $0) }) else { continue }
            if let finished = entry.finished { spent.append((finished, compute)) }
            if entry.hits > 0, let lastHit = entry.lastHit { saved.append((lastHit, Double(entry.hits) * compute)) }
        }
        let count = { (status: EntryStatus) in entries.filter { $0.status == status }.count }
        return ReportSummary(
            trainingRuns: runs.count, evalResults: evals.count, hits: hits,
            savedSeconds: saved.reduce(0) { $0 + $1.1 }, spentSeconds: spent.reduce(0) { $0 + $1.1 },
            failed: count(.failed), cancelled: count(.cancelled), inFlight: count(.pending) + count(.running),
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
            var running = 0.0
            var points = [
                LineChart.Point(
                    x: first.timeIntervalSince1970, y: 0,
                    title: "\(ReportFormat.timestamp(first, seconds: true)): nothing \(verb) yet")
            ]
            let sorted = events.sorted { $0.0 < $1.0 }
            for (offset, (time, seconds)) in sorted.enumerated() {
                running += seconds
                // Events at the same moment make one step.
                if offset + 1 < sorted.count, sorted[offset + 1].0 == time { continue }
                points.append(
                    LineChart.Point(
                        x: time.timeIntervalSince1970, y: running / unit.seconds,
                        title: "\(ReportFormat.timestamp(time, seconds: true)): \(HumanFormat.duration(running)) "
                            + "\(verb) in all"))
            }
            if let end = points.last, end.x < last.timeIntervalSince1970 {
                points.append(
                    LineChart.Point(
                        x: last.timeIntervalSince1970, y: end.y,
                        title: "\(ReportFormat.timestamp(last, seconds: true)): \(HumanFormat.duration(running)) "
                            + "\(verb) in all"))
            }
            if points.count > limits.timePoints {
                sampled = true
                points = sample(points, to: limits.timePoints)
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
    static func sample(_ points: [LineChart.Point], to count: Int) -> [LineChart.Point] {
        guard points.count > count, count >= 2 else { return points }
        let stride = Double(points.count - 1) / Double(count - 1)
        return (0..<count).map { points[Int((Double($0) * stride).rounded())] }
    }
}
