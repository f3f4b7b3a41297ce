import Foundation

// MARK: - Browsing

extension InMemoryCacheBackend {
    public func trainingRuns(matching filter: TrainingRunFilter) async throws -> [TrainingRunRecord] {
        let ids = filter.ids.map(Set.init)
        let matching = trainingTable.rows.values.lazy.map(\.record).filter { run in
            (ids?.contains(run.id) ?? true)
                && Self.matches(filter.backendID, run.key.backendID)
                && run.key.datasetHash.hasPrefix(filter.datasetHashPrefix ?? "")
                && run.key.configHash.hasPrefix(filter.configHashPrefix ?? "")
                && (filter.modelID == nil || run.modelID == filter.modelID)
                && Self.starts(run.modelID, with: filter.modelIDPrefix)
                && Self.matches(filter.status, run.status)
                && Self.isCreated(run.createdAt, since: filter.createdSince, before: filter.createdBefore)
                && Self.isUnused(lastHitAt: run.lastHitAt, createdAt: run.createdAt, since: filter.unusedSince)
        }
        return Self.newestFirst(Array(matching), createdAt: \.createdAt, id: \.id, limit: filter.limit)
    }

    public func evalResults(matching filter: EvalResultFilter) async throws -> [EvalResultRecord] {
        let ids = filter.ids.map(Set.init)
        let matching = evalTable.rows.values.lazy.map(\.record).filter { result in
            (ids?.contains(result.id) ?? true)
                && Self.matches(filter.backendID, result.key.backendID)
                && Self.matches(filter.modelID, result.key.modelID)
                && (filter.tasks?.contains(result.key.task) ?? true)
                && Self.matches(filter.paramsHash, result.key.paramsHash)
                && Self.matches(filter.status, result.status)
                && Self.isCreated(result.createdAt, since: filter.createdSince, before: filter.createdBefore)
                && Self.isUnused(
                    lastHitAt: result.lastHitAt, createdAt: result.createdAt, since: filter.unusedSince)
        }
        return Self.newestFirst(Array(matching), createdAt: \.createdAt, id: \.id, limit: filter.limit)
    }

    /// A summary of the store. Its ``CacheStatistics/schemaVersion`` is 0 (an in-memory store has no
    /// schema) and its ``CacheStatistics/sizeBytes`` is `nil` (it has no file).
    public func statistics() async throws -> CacheStatistics {
        var counts: [CountKey: Int] = [:]
        var hits: [String: Int] = [:]
        var savedSeconds: [String: Double] = [:]
        func tally(kind: String, backendID: String, status: EntryStatus, hitCount: Int, computeSeconds: Double?) {
            counts[CountKey(kind: kind, backendID: backendID, status: status), default: 0] += 1
            hits[backendID, default: 0] += hitCount
            savedSeconds[backendID, default: 0] += Double(hitCount) * (computeSeconds ?? 0)
        }
        for run in trainingTable.rows.values.map(\.record) {
            tally(
                kind: "training", backendID: run.key.backendID, status: run.status, hitCount: run.hitCount,
                computeSeconds: run.computeSeconds)
        }
        for result in evalTable.rows.values.map(\.record) {
            tally(
                kind: "eval", backendID: result.key.backendID, status: result.status, hitCount: result.hitCount,
                computeSeconds: result.computeSeconds)
        }
        let entries = counts.map {
            CacheStatistics.EntryCount(
                kind: $0.key.kind, backendID: $0.key.backendID, status: $0.key.status, count: $0.value)
        }
        .sorted { ($0.kind, $0.backendID, $0.status.rawValue) < ($1.kind, $1.backendID, $1.status.rawValue) }
        let savings = hits.keys.sorted().map {
            CacheStatistics.Savings(backendID: $0, hits: hits[$0] ?? 0, savedSeconds: savedSeconds[$0] ?? 0)
        }
        return CacheStatistics(
            entries: entries, savings: savings, datasetUploads: uploads.values.reduce(0) { $0 + $1.count },
            memoizedFiles: memos.count, schemaVersion: 0, sizeBytes: nil)
    }
}

// MARK: - Filter helpers

extension InMemoryCacheBackend {
    /// One line of the entry counts.
    private struct CountKey: Hashable {
        let kind: String
        let backendID: String
        let status: EntryStatus
    }

    /// Whether `value` matches a filter field; `nil` matches everything.
    private static func matches<Value: Equatable>(_ wanted: Value?, _ value: Value) -> Bool {
        wanted.map { $0 == value } ?? true
    }

    /// Whether `value` starts with `prefix` scalar for scalar, as SQLite compares text (not by
    /// characters, as `hasPrefix` does); a `nil` prefix matches everything, a `nil` value no prefix.
    private static func starts(_ value: String?, with prefix: String?) -> Bool {
        guard let prefix else { return true }
        guard let value else { return false }
        return value.unicodeScalars.starts(with: prefix.unicodeScalars)
    }

    /// Whether `createdAt` is at or after `since` and before `before`.
    private static func isCreated(_ createdAt: Date, since: Date?, before: Date?) -> Bool {
        (since.map { createdAt >= $0 } ?? true) && (before.map { createdAt < $0 } ?? true)
    }

    /// Whether an entry was not served since `since`; a never-served entry counts by its creation.
    private static func isUnused(lastHitAt: Date?, createdAt: Date, since: Date?) -> Bool {
        guard let since else { return true }
        return (lastHitAt ?? createdAt) < since
    }

    /// Sorts newest first (by creation time, then by id) and keeps at most `limit`.
    private static func newestFirst<Record>(
        _ records: [Record], createdAt: KeyPath<Record, Date>, id: KeyPath<Record, Int64>, limit: Int?
    ) -> [Record] {
        let sorted = records.sorted {
            ($0[keyPath: createdAt], $0[keyPath: id]) > ($1[keyPath: createdAt], $1[keyPath: id])
        }
        return Array(sorted.prefix(max(0, limit ?? sorted.count)))
    }
}

// MARK: - Datasets

extension InMemoryCacheBackend {
    public func datasetTrainingCounts() async throws -> [DatasetTrainingCount] {
        struct Group: Hashable {
            let datasetHash: String
            let backendID: String
        }
        var counts: [Group: (runs: Int, last: Date)] = [:]
        for row in trainingTable.rows.values {
            let group = Group(datasetHash: row.key.datasetHash, backendID: row.key.backendID)
            let count = counts[group] ?? (0, row.entry.createdAt)
            counts[group] = (count.runs + 1, max(count.last, row.entry.createdAt))
        }
        return counts.map { group, count in
            DatasetTrainingCount(
                datasetHash: group.datasetHash, backendID: group.backendID, runs: count.runs,
                lastCreatedAt: count.last)
        }
        .sorted { ($0.datasetHash, $0.backendID) < ($1.datasetHash, $1.backendID) }
    }
}
