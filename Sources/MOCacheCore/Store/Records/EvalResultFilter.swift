import Foundation

/// Which evaluation results to list, newest first. Every field left `nil` matches everything.
public struct EvalResultFilter: Hashable, Sendable {
    /// Only the results with these row ids (``EvalResultRecord/id``, the `34` of `e34`). An empty list
    /// matches nothing.
    public var ids: [Int64]?
    /// Only this backend.
    public var backendID: String?
    /// Only this model.
    public var modelID: String?
    /// Only these tasks.
    public var tasks: [String]?
    /// Only this params hash.
    public var paramsHash: String?
    /// Only results in this state.
    public var status: EntryStatus?
    /// Only results created at or after this time.
    public var createdSince: Date?
    /// Only results created before this time.
    public var createdBefore: Date?
    /// Only results not served from the cache since this time.
    public var unusedSince: Date?
    /// At most this many.
    public var limit: Int?

    /// Makes a filter; with no arguments it matches every result.
    public init(
        ids: [Int64]? = nil, backendID: String? = nil, modelID: String? = nil, tasks: [String]? = nil,
        paramsHash: String? = nil, status: EntryStatus? = nil, createdSince: Date? = nil,
        createdBefore: Date? = nil, unusedSince: Date? = nil, limit: Int? = nil
    ) {
        self.ids = ids
        self.backendID = backendID
        self.modelID = modelID
        self.tasks = tasks
        self.paramsHash = paramsHash
        self.status = status
        self.createdSince = createdSince
        self.createdBefore = createdBefore
        self.unusedSince = unusedSince
        self.limit = limit
    }
}
