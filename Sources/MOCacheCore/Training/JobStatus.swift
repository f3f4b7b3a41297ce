/// Where a training or evaluation job stands, as its backend reports it.
public enum JobStatus: String, Hashable, Codable, Sendable, CaseIterable {
    /// Accepted, not started.
    case queued
    /// Training.
    case running
    /// Finished with a model.
    case succeeded
    /// Finished with an error.
    case failed
    /// Stopped on purpose.
    case cancelled

    /// Whether the job has ended, one way or another.
    public var isFinal: Bool { self == .succeeded || self == .failed || self == .cancelled }
}
