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
}
