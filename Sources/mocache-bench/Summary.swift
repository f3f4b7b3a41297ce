/// The distribution of many timed samples of one operation.
struct Summary: Codable, Sendable {
    /// How many samples were taken.
    let samples: Int
    /// The median, in nanoseconds.
    let medianNs: Double
    /// The 99th percentile (nearest rank), in nanoseconds.
    let p99Ns: Double
    /// The mean, in nanoseconds.
    let meanNs: Double
    /// The fastest sample, in nanoseconds.
    let minNs: Double
    /// Operations per second: samples (times `opsPerSample`) over the wall time of the whole timed loop,
    /// or `1e9 / mean` when no wall time is given.
    let opsPerS: Double
    /// Process CPU time (all threads) per operation over the timed loop, in nanoseconds, when measured.
    let cpuNsPerOp: Double?

    /// Summarizes samples in nanoseconds.
    ///
    /// - Parameters:
    ///   - nanoseconds: One duration per sample.
    ///   - wallNanoseconds: The wall time of the loop that took them, for ``opsPerS``.
    ///   - opsPerSample: How many operations one sample covers (a batch of 1,000 inserts: 1,000).
    ///   - cpuNanoseconds: The process CPU time the loop used, for ``cpuNsPerOp``.
    init(nanoseconds: [Int64], wallNanoseconds: Int64? = nil, opsPerSample: Int = 1, cpuNanoseconds: Int64? = nil) {
        let sorted = nanoseconds.sorted()
        samples = sorted.count
        guard let first = sorted.first else {
            medianNs = 0
            p99Ns = 0
            meanNs = 0
            minNs = 0
            opsPerS = 0
            cpuNsPerOp = nil
            return
        }
        let count = sorted.count
        if count % 2 == 1 {
            medianNs = Double(sorted[count / 2])
        } else {
            medianNs = (Double(sorted[count / 2 - 1]) + Double(sorted[count / 2])) / 2
        }
        let rank = Int((0.99 * Double(count)).rounded(.up))
        p99Ns = Double(sorted[max(0, min(count - 1, rank - 1))])
        let total = sorted.reduce(0.0) { $0 + Double($1) }
        meanNs = total / Double(count)
        minNs = Double(first)
        let wall = Double(wallNanoseconds ?? Int64(total))
        opsPerS = wall > 0 ? Double(count * opsPerSample) * 1e9 / wall : 0
        cpuNsPerOp = cpuNanoseconds.map { Double($0) / Double(count * opsPerSample) }
    }
}
