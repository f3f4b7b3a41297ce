/// One measured figure of a report, with its baseline when it has one.
struct Measurement: Codable, Sendable {
    /// What was measured, such as `SQLiteCacheBackend.trainingRun(for:)`.
    let name: String
    /// The measured distribution.
    let summary: Summary
    /// What the figure is compared with, measured in the same run.
    let baselineName: String?
    /// The baseline's distribution.
    let baseline: Summary?
    /// How the two compare; ``ratioMeaning`` says which way.
    let ratio: Double?
    /// What ``ratio`` means, in words (`median / baseline median`, for instance).
    let ratioMeaning: String?

    /// A figure with no baseline.
    init(_ name: String, _ summary: Summary) {
        self.name = name
        self.summary = summary
        baselineName = nil
        baseline = nil
        ratio = nil
        ratioMeaning = nil
    }

    /// A figure and its baseline. The ratio is the measured median over the baseline's median (lower
    /// is better: 1.2 means 20% slower than the baseline), unless `speedup` is set, in which case it is
    /// the baseline's median over the measured one (higher is better: 500 means 500 times faster).
    init(_ name: String, _ summary: Summary, baseline baselineName: String, _ baseline: Summary, speedup: Bool = false)
    {
        self.name = name
        self.summary = summary
        self.baselineName = baselineName
        self.baseline = baseline
        if speedup {
            ratio = summary.medianNs > 0 ? baseline.medianNs / summary.medianNs : nil
            ratioMeaning = "baseline median / median (times faster)"
        } else {
            ratio = baseline.medianNs > 0 ? summary.medianNs / baseline.medianNs : nil
            ratioMeaning = "median / baseline median (times slower)"
        }
    }
}
