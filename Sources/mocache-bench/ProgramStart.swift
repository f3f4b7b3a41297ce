/// Facts about the machine when the program started.
enum ProgramStart {
    /// The load average of the last minute, read once, before the scenario runs.
    static let loadAverage = MonotonicClock.loadAverage()
}
