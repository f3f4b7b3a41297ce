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

    /// CPU time (user and system) of the child processes that have ended and been waited for, in
    /// nanoseconds (`getrusage(RUSAGE_CHILDREN)`).
    static func childrenCPU() -> Int64 {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        #else
            getrusage(RUSAGE_CHILDREN, &usage)
        #endif
        func nanoseconds(_ time: timeval) -> Int64 { Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_usec) * 1_000 }
        return nanoseconds(usage.ru_utime) + nanoseconds(usage.ru_stime)
    }

    /// The load average of the last minute, from `/proc/loadavg` (0 where it cannot be read).
    static func loadAverage() -> Double {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) > 0 ? loads[0] : 0
    }
}
