/// Where a stored training run or evaluation result stands.
///
/// Only ``succeeded`` entries are ever served as cache hits. A ``failed`` or ``cancelled`` entry keeps
/// its error for people to read, and the next request for the same key runs the work again.
public enum EntryStatus: String, Hashable, Codable, Sendable, CaseIterable {
    /// Claimed by a worker; the job has not started yet.
    case pending
    /// The job has started and has a job id.
    case running
    /// Finished with a result that is served from now on.
    case succeeded
    /// Finished with an error; never served.
    case failed
    /// Stopped on purpose; never served.
    case cancelled
}
