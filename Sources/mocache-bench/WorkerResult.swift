/// What one worker process of `processes` did, written as JSON to the file its parent names.
struct WorkerResult: Codable, Sendable {
    /// The worker's index, 0-based.
    var index: Int
    /// Lookups of filled entries that found the succeeded run.
    var hits = 0
    /// Runs written (claim, job started, finish) whose finish returned.
    var writes = 0
    /// Operations that threw, or lookups that did not find their entry.
    var errors = 0
    /// The first few error messages.
    var errorMessages: [String] = []
    /// Each lookup's duration, in nanoseconds.
    var hitNanoseconds: [Int64] = []
    /// Each write's duration (three transactions), in nanoseconds.
    var writeNanoseconds: [Int64] = []
    /// The indexes (in the worker's namespace) of the runs whose finish returned: acknowledged writes.
    var acknowledged: [Int] = []
    /// `CLOCK_MONOTONIC` when the timed loop started, in nanoseconds (comparable across processes).
    var startMonotonicNs: Int64 = 0
    /// `CLOCK_MONOTONIC` when the timed loop ended, in nanoseconds.
    var endMonotonicNs: Int64 = 0

    init(index: Int) {
        self.index = index
    }
}
