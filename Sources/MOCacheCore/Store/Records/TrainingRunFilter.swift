import Foundation

/// Which training runs to list, newest first. Every field left `nil` matches everything.
public struct TrainingRunFilter: Hashable, Sendable {
    /// Only the runs with these row ids (``TrainingRunRecord/id``, the `12` of `t12`). An empty list
    /// matches nothing.
    ///
    /// This is how a reference such as `t12` is looked up without reading the other runs.
    public var ids: [Int64]?
    /// Only this backend.
    public var backendID: String?
    /// Only datasets whose hash starts with this.
    public var datasetHashPrefix: String?
    /// Only configs whose hash starts with this.
    public var configHashPrefix: String?
    /// Only this model.
    public var modelID: String?
    /// Only models whose id starts with this, character for character: `%`, `_`, `*` and `[` are
    /// ordinary characters here, not patterns. An empty prefix matches every run that has a model id.
    ///
    /// Only succeeded runs have a model id; a filter that also asks for ``status`` `succeeded` is
    /// answered from the SQLite store's index of models.
    public var modelIDPrefix: String?
    /// Only runs in this state.
    public var status: EntryStatus?
    /// Only runs created at or after this time.
    public var createdSince: Date?
    /// Only runs created before this time.
    public var createdBefore: Date?
    /// Only runs not served from the cache since this time (never-served runs count by creation).
    public var unusedSince: Date?
    /// At most this many.
    public var limit: Int?

    /// Makes a filter; with no arguments it matches every run.
    public init(
        ids: [Int64]? = nil, backendID: String? = nil, datasetHashPrefix: String? = nil,
        configHashPrefix: String? = nil, modelID: String? = nil, modelIDPrefix: String? = nil,
        status: EntryStatus? = nil, createdSince: Date? = nil, createdBefore: Date? = nil,
        unusedSince: Date? = nil, limit: Int? = nil
    ) {
        self.ids = ids
        self.backendID = backendID
        self.datasetHashPrefix = datasetHashPrefix
        self.configHashPrefix = configHashPrefix
        self.modelID = modelID
        self.modelIDPrefix = modelIDPrefix
        self.status = status
        self.createdSince = createdSince
        self.createdBefore = createdBefore
        self.unusedSince = unusedSince
        self.limit = limit
    }
}
