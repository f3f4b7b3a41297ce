/// Times operations with `ContinuousClock`, in nanoseconds.
enum Stopwatch {
    /// Runs `body` `warmup` times untimed, then `count` times timed one by one, and summarizes.
    ///
    /// - Parameters:
    ///   - count: How many timed samples.
    ///   - warmup: How many untimed runs first (caches, statements, branch predictors).
    ///   - body: The operation; gets the sample's index, warm-ups included (they come first).
    static func measure(
        count: Int, warmup: Int, _ body: (Int) async throws -> Void
    ) async throws -> Summary {
        for index in 0..<warmup { try await body(index) }
        let clock = ContinuousClock()
        var samples = [Int64](repeating: 0, count: count)
        let cpuStart = MonotonicClock.processCPU()
        let loopStart = clock.now
        for index in 0..<count {
            let start = clock.now
            try await body(warmup + index)
            samples[index] = start.duration(to: clock.now).nanoseconds
        }
        let wall = loopStart.duration(to: clock.now).nanoseconds
        let cpu = MonotonicClock.processCPU() - cpuStart
        return Summary(nanoseconds: samples, wallNanoseconds: wall, cpuNanoseconds: cpu)
    }

    /// The wall time of one run of `body`, in nanoseconds, and its result.
    static func time<T>(_ body: () async throws -> T) async rethrows -> (nanoseconds: Int64, value: T) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try await body()
        return (start.duration(to: clock.now).nanoseconds, value)
    }

    /// The wall time of one run of a synchronous `body`, in nanoseconds, and its result.
    static func timeSync<T>(_ body: () throws -> T) rethrows -> (nanoseconds: Int64, value: T) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        return (start.duration(to: clock.now).nanoseconds, value)
    }
}
