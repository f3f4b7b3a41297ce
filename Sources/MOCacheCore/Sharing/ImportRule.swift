/// The one rule every store follows when it imports a record: a pure function, so that every
/// ``CacheBackend`` merges the same way.
package enum ImportRule {
    /// What to do with an imported record.
    package enum Decision: Hashable, Sendable {
        /// Add a new entry.
        case insert
        /// Keep the stored entry; it already holds this result.
        case keep
        /// Replace the stored entry with the record.
        case replace
        /// Keep the stored entry, which holds another result, and report a conflict.
        case conflict
    }

    /// Decides for a record whose key the store holds in `storedStatus` (or not at all).
    ///
    /// - Parameters:
    ///   - storedStatus: The stored entry's status, `nil` when the key is not stored.
    ///   - sameResult: Whether the stored entry holds the record's result (the same model id for a
    ///     training run, the same metrics for an eval result).
    ///   - overwrite: Whether the import may replace a different succeeded result.
    package static func decide(storedStatus: EntryStatus?, sameResult: Bool, overwrite: Bool) -> Decision {
        guard let storedStatus else { return .insert }
        guard storedStatus == .succeeded else { return .replace }
        if sameResult { return .keep }
        return overwrite ? .replace : .conflict
    }

    /// Decides for a dataset upload whose backend and dataset hash the store maps to `stored` (or to
    /// nothing): the same rule, where a recorded upload counts as succeeded and the same result means the
    /// same file id.
    package static func decide(upload: DatasetUpload, stored: DatasetUpload?, overwrite: Bool) -> Decision {
        decide(
            storedStatus: stored == nil ? nil : .succeeded, sameResult: stored?.fileID == upload.fileID,
            overwrite: overwrite)
    }

    /// What a decision on an upload means for the import's report.
    package static func uploadDisposition(_ decision: Decision) -> DatasetUploadDisposition {
        switch decision {
        case .insert: .inserted
        case .keep: .unchanged
        case .replace: .replaced
        case .conflict: .conflict
        }
    }
}
