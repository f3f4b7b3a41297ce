import Foundation
import MOCache

extension ReportBuilder {
    /// One run's value of a metric, placed by one hyperparameter, in the line of its other ones.
    private struct Observation {
        /// The run's position in the section (and in its ``HyperparameterSpace``).
        let index: Int
        /// The hyperparameter plotted, `nil` when the run lacks it.
        let x: JSONValue?
        /// The metric's value.
        let y: Double
    }

    /// A chart of `metric` on `task` (its value for each run, `ys`) against the hyperparameter at
    /// `path`, one line per setting of the other hyperparameters (`settings`, per run:
    /// ``HyperparameterSpace/settings(except:)``); `nil` when the runs that have the metric do not differ
    /// in it, or it has too many words to plot against (said in `notes`).
    static func metricChart(
        runs: [TrainingRunRecord], space: HyperparameterSpace, path: String, settings: [Int], task: String,
        metric: String, ys: [Double?], limits: ReportLimits, notes sectionNotes: inout [String]
    ) -> LineChart? {
        var observations: [Observation] = []
        let xs = space.column(path)
        for index in runs.indices {
            guard let y = ys[index] else { continue }
            observations.append(Observation(index: index, x: xs[index], y: y))
        }
        guard Set(observations.map(\.x)).count >= 2 else { return nil }
        let label = space.label(path)
        let present = observations.compactMap(\.x)
        let numbers = present.compactMap(\.doubleValue)
        var notes: [String] = []
        let axis: LineChart.XAxis
        let position: (JSONValue?) -> Double?
        if !present.isEmpty, numbers.count == present.count, Set(numbers).count >= 2 {
            let missing = observations.count - present.count
            if missing > 0 { notes.append("\(ReportFormat.count(missing, "run")) without \(label) not drawn.") }
            axis = prefersLogScale(numbers) ? .log : .linear
            position = { $0?.doubleValue }
        } else {
            let categories = Set(present).sorted(by: HyperparameterSpace.precedes)
            let unset = present.count < observations.count
            guard categories.count + (unset ? 1 : 0) <= limits.categories else {
                let note =
                    "\(label) has \(ReportFormat.count(categories.count, "distinct value")), too many to plot a "
                    + "metric against (at most \(limits.categories)); the runs table lists them."
                if !sectionNotes.contains(note) { sectionNotes.append(note) }
                return nil
            }
            let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, Double($0)) })
            axis = .categories(categories.map(ReportFormat.value) + (unset ? ["(not set)"] : []))
            position = { value in value.flatMap { index[$0] } ?? Double(categories.count) }
        }
        let others = space.paths.filter { $0 != path }
        var groups: [Int: [Observation]] = [:]
        for observation in observations where position(observation.x) != nil {
            groups[settings[observation.index], default: []].append(observation)
        }
        var lines: [(name: String, observations: [Observation])]
        if groups.count > limits.seriesPerChart {
            notes.append(
                "\(ReportFormat.count(groups.count, "setting")) of \(others.map(space.label).joined(separator: ", ")) "
                    + "are too many for a line each (at most \(limits.seriesPerChart)): the line is the mean over "
                    + "them, the band the smallest to the largest value.")
            lines = [("mean over \(ReportFormat.count(groups.count, "setting"))", observations)]
        } else {
            lines = groups.values.compactMap { members in
                members.first.map { (others.isEmpty ? "" : space.describe($0.index, paths: others), members) }
            }.sorted { lhs, rhs in
                guard let left = lhs.observations.first, let right = rhs.observations.first else { return false }
                return space.precedes(left.index, right.index, paths: others) ?? (lhs.name < rhs.name)
            }
        }
        if lines.count == 1 && lines[0].name.isEmpty { lines[0].name = "\(metric) on \(task)" }
        let numeric = axis == .linear || axis == .log
        var binned = false
        let series = lines.map { line in
            LineChart.Series(
                name: line.name,
                points: points(
                    line.observations, runs: runs, position: position, numeric: numeric, log: axis == .log,
                    label: label,
                    metric: "\(metric) on \(task)", limits: limits, binned: &binned))
        }
        if binned {
            notes.append(
                "Lines with more than \(limits.pointsPerSeries) values of \(label) are grouped into \(limits.bins) "
                    + "intervals of it: each point is their mean, the band the smallest to the largest value.")
        }
        return LineChart(
            title: "\(metric) on \(task) by \(label)", xLabel: label + (axis == .log ? " (log scale)" : ""),
            xAxis: axis, yLabel: "\(metric) on \(task)", series: series, notes: notes, kind: "metric")
    }

    /// The marks of one line: one per x value (the mean where several runs share it), or one per
    /// interval of x when there are too many values.
    private static func points(
        _ observations: [Observation], runs: [TrainingRunRecord], position: (JSONValue?) -> Double?, numeric: Bool,
        log: Bool, label: String,
        metric: String, limits: ReportLimits, binned: inout Bool
    ) -> [LineChart.Point] {
        var byX: [Double: [Observation]] = [:]
        for observation in observations {
            guard let x = position(observation.x) else { continue }
            byX[x, default: []].append(observation)
        }
        let xs = byX.keys.sorted()
        if numeric, xs.count > limits.pointsPerSeries, let low = xs.first, let high = xs.last {
            binned = true
            let scale: (Double) -> Double = log ? { Foundation.log10($0) } : { $0 }
            let (from, to) = (scale(low), scale(high))
            var bins: [Int: [(x: Double, observation: Observation)]] = [:]
            for x in xs {
                let slot = min(limits.bins - 1, Int((scale(x) - from) / (to - from) * Double(limits.bins)))
                for observation in byX[x] ?? [] { bins[slot, default: []].append((x, observation)) }
            }
            return bins.keys.sorted().compactMap { slot in
                guard let members = bins[slot], let first = members.first?.x, let last = members.last?.x else {
                    return nil
                }
                let ys = members.map(\.observation.y)
                let x =
                    log
                    ? pow(10, members.reduce(0) { $0 + scale($1.x) } / Double(members.count))
                    : members.reduce(0) { $0 + $1.x } / Double(members.count)
                return aggregate(
                    x: x, ys: ys, title: "\(label) \(NiceNumbers.short(first))–\(NiceNumbers.short(last))",
                    metric: metric)
            }
        }
        return xs.compactMap { x in
            guard let members = byX[x], let first = members.first else { return nil }
            let where_ = "\(label) = \(first.x.map(ReportFormat.value) ?? "(not set)")"
            if members.count == 1 {
                let run = runs[first.index]
                let model = run.modelID ?? "-"
                return LineChart.Point(
                    x: x, y: first.y,
                    title: "\(where_): \(metric) = \(ReportFormat.metric(first.y)) · \(model) "
                        + "(\(EntryID.training(run.id).reference))")
            }
            return aggregate(x: x, ys: members.map(\.y), title: where_, metric: metric)
        }
    }

    /// A mark for several runs: their mean, with the smallest and largest value.
    private static func aggregate(x: Double, ys: [Double], title: String, metric: String) -> LineChart.Point {
        let mean = ys.reduce(0, +) / Double(ys.count)
        let low = ys.min() ?? mean
        let high = ys.max() ?? mean
        return LineChart.Point(
            x: x, y: mean, low: low, high: high, count: ys.count,
            title:
                "\(title): mean \(metric) = \(ReportFormat.metric(mean)) over \(ReportFormat.count(ys.count, "run")) "
                + "(\(ReportFormat.metric(low)) to \(ReportFormat.metric(high)))")
    }

    /// Whether numbers read better on a log scale: all positive, spread over a factor of ten or more,
    /// and more evenly spaced by factors than by differences (learning rates 0.5, 0.1, 0.02 are;
    /// epochs 1, 2, ..., 20 are not).
    static func prefersLogScale(_ numbers: [Double]) -> Bool {
        let distinct = Set(numbers).sorted()
        guard let low = distinct.first, let high = distinct.last, low > 0, high / low >= 10 else { return false }
        guard distinct.count > 2 else { return true }
        func spread(_ values: [Double]) -> Double {
            let gaps = zip(values.dropFirst(), values).map { $0 - $1 }
            let mean = gaps.reduce(0, +) / Double(gaps.count)
            let variance = gaps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(gaps.count)
            return variance.squareRoot() / mean
        }
        return spread(distinct.map { Foundation.log10($0) }) <= spread(distinct)
    }
}
