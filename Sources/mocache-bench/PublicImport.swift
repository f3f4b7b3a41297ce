import Foundation
import MOCache

/// Writes synthetic succeeded runs through the store's public bulk API,
/// ``SQLiteCacheBackend/importTrainingRuns(_:overwrite:)`` (one transaction per call): what `record`
/// measures as bulk import.
enum PublicImport {
    /// The record of synthetic entry `index` of `namespace`, as ``BulkImport`` writes it.
    static func record(_ index: Int, namespace: UInt64) throws -> TrainingRunRecord {
        let time = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
        return TrainingRunRecord(
            id: 0, key: BenchKeys.key(index, namespace: namespace),
            config: try JSONValue(parsing: BulkImport.configJSON(index)), status: .succeeded, jobID: "job-\(index)",
            modelID: "bench:model-\(namespace)-\(index)", createdAt: time, startedAt: time, finishedAt: time,
            host: "bench-host", pid: 1)
    }

    /// Imports entries `range` of `namespace`, `batchSize` per call, and returns each call's duration in
    /// nanoseconds (the records are made before each call, untimed).
    static func insert(
        into store: SQLiteCacheBackend, range: Range<Int>, namespace: UInt64, batchSize: Int
    ) async throws -> [Int64] {
        var batches: [Int64] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + batchSize, range.upperBound)
            let records = try (start..<end).map { try record($0, namespace: namespace) }
            let (nanoseconds, dispositions) = try await Stopwatch.time {
                try await store.importTrainingRuns(records, overwrite: false)
            }
            guard dispositions.count == records.count else {
                throw BenchError("import returned \(dispositions.count) dispositions for \(records.count) runs")
            }
            batches.append(nanoseconds)
            start = end
        }
        return batches
    }
}
