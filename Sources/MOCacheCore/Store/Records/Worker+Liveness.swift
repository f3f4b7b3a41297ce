import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Worker {
    /// This process's start time as the kernel counts it (clock ticks since boot, field 22 of
    /// `/proc/self/stat`), or `nil` where there is no `/proc`.
    ///
    /// Part of ``current``'s owner token, so that a waiter on this host can tell the lease holder's process
    /// from a later process that got the same pid.
    static func startTime(of pid: Int32) -> UInt64? {
        // No /proc (not Linux) or no such process: there is nothing to compare, which is not an error.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let commandEnd = stat.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm) ", the fields start at field 3; the start time is field 22.
        let fields = stat[stat.index(after: commandEnd)...].split(separator: " ")
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// Whether the holder of the lease `owner` is provably gone: its owner token names this host and a
    /// process that no longer runs here, or whose pid now belongs to a process started later than the
    /// holder (the kernel reused the pid).
    ///
    /// Only owner tokens made by ``current`` (`host:pid:start:token`) can be proven gone; any other owner
    /// (another host, a hand-made ``Worker``) is alive for all this knows, and its lease is waited out.
    ///
    /// - Parameter host: This host's name (``current``'s).
    package static func isProvablyGone(owner: String, host: String = Worker.current.host) -> Bool {
        let parts = owner.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts.dropLast(3).joined(separator: ":") == host,
            let pid = Int32(parts[parts.count - 3]), pid > 0, let start = UInt64(parts[parts.count - 2])
        else { return false }
        if pid == getpid() { return Self.startTime(of: pid) != start }
        if kill(pid, 0) != 0 { return errno == ESRCH }
        guard let running = Self.startTime(of: pid) else { return false }
        return running != start
    }
}
