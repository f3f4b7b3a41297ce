#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `CLOCK_MONOTONIC`, whose readings the processes of one machine share (unlike `ContinuousClock`'s
/// instants, which cannot leave the process).
enum MonotonicClock {
    /// Nanoseconds since an arbitrary point fixed at boot.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// CPU time this process has used so far, all threads, in nanoseconds (`CLOCK_PROCESS_CPUTIME_ID`).
    ///
    /// On a machine shared with other work, wall time per operation grows with the load; CPU time per
    /// operation much less so, which makes it the steadier figure of the two.
    static func processCPU() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// The load average of the last minute, from `/proc/loadavg` (0 where it cannot be read).
    static func loadAverage() -> Double {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) > 0 ? loads[0] : 0
    }
}
