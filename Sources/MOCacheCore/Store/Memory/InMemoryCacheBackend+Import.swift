import Foundation

// MARK: - Import

extension InMemoryCacheBackend {
    public func importTrainingRuns(_ runs: [TrainingRunRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try Self.importRecords(
            runs, overwrite: overwrite, into: &trainingRows, keysByID: &trainingKeysByID, nextID: &nextTrainingID)
    }

    public func importEvalResults(_ results: [EvalResultRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try Self.importRecords(
            results, overwrite: overwrite, into: &evalRows, keysByID: &evalKeysByID, nextID: &nextEvalID)
    }

    /// Imports records of one kind into its table: all or nothing when a record fails its check, then
    /// one disposition a record, in order, as ``ImportRule`` decides.
    ///
    /// - Parameters:
    ///   - records: The records to import.
    ///   - overwrite: Whether a record may replace a different succeeded result.
    ///   - rows: The table, by key.
    ///   - keysByID: The table's keys by row id.
    ///   - nextID: The id of the table's next new row.
    private static func importRecords<Row: InMemoryImportableRow>(
        _ records: [Row.Record], overwrite: Bool, into rows: inout [Row.Key: Row], keysByID: inout [Int64: Row.Key],
        nextID: inout Int64
    ) throws -> [ImportDisposition] {
        for record in records { try Row.checkImport(record) }
        return records.map { record in
            let key = Row.key(of: record)
            let stored = rows[key]
            let decision = ImportRule.decide(
                storedStatus: stored?.status, sameResult: stored?.holdsResult(of: record) ?? false,
                overwrite: overwrite)
            let id = stored?.id ?? nextID
            let entryID = Row.entryID(id)
            switch decision {
            case .keep: return .unchanged(entryID)
            case .conflict: return .conflict(entryID)
            case .insert, .replace: break
            }
            var row = Row(imported: record, id: id)
            row.hitCount = stored?.hitCount ?? 0
            row.lastHitAt = stored?.lastHitAt
            rows[key] = row
            keysByID[id] = key
            if stored == nil {
                nextID += 1
                return .inserted(entryID)
            }
            return .replaced(entryID)
        }
    }
}
