import MOCacheCore

/// Which case a claim returned, for `#expect` in the conformance checks and this package's tests.
extension ClaimOutcome {
    /// The record when this worker claimed the entry.
    package var claimedRecord: Record? {
        if case .claimed(let record) = self { record } else { nil }
    }

    /// The record when another worker's lease is live.
    package var heldElsewhereRecord: Record? {
        if case .heldElsewhere(let record) = self { record } else { nil }
    }

    /// The record when the entry has succeeded.
    package var completedRecord: Record? {
        if case .completed(let record) = self { record } else { nil }
    }
}
