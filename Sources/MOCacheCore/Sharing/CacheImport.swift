import Foundation

/// Reads a `mocache export` file and merges it into a store: how a team shares results between
/// machines.
///
/// ```swift
/// let records = try CacheImport.read(Data(contentsOf: url), source: "results.jsonl")
/// let report = try await CacheImport.apply(records, to: store)
/// print(report.trainingRuns.inserted, report.conflicts.count)
/// ```
///
/// The merge is idempotent: importing a file twice changes nothing the second time. A record whose
/// key holds the same result changes nothing; one whose key holds a failed or unfinished entry
/// replaces it; one whose key holds another succeeded result (another model id, other metrics, another
/// file id) is a conflict, reported and left alone unless `overwrite` is given.
public enum CacheImport {
    /// How many problems an invalid file's error lists.
    static let listedProblems = 20

    /// Reads and checks every record of a file before anything is written.
    ///
    /// Blank lines are skipped. A key that appears twice must hold the same result both times; the
    /// repeats are dropped.
    ///
    /// - Parameters:
    ///   - data: The file's bytes: one JSON record per line.
    ///   - source: The file name, for messages.
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidInput`` listing each bad line
    ///   (its number, the JSON path and the problem) when any line is not a valid record.
    public static func read(_ data: Data, source: String) throws -> [ExchangeRecord] {
        var records: [ExchangeRecord] = []
        var problems: [String] = []
        var problemCount = 0
        var firstLine: [String: (line: Int, record: ExchangeRecord)] = [:]
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var bytes = line
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            do {
                let record = try ExchangeRecord(json: try JSONValue(parsing: Data(bytes)))
                let key = record.exchangeKey
                if let earlier = firstLine[key] {
                    if earlier.record.result != record.result {
                        throw MOCacheError(
                            .invalidInput,
                            "the same key as line \(earlier.line) with another result (\(earlier.record.result) "
                                + "vs \(record.result))")
                    }
                    continue
                }
                firstLine[key] = (lineNumber, record)
                records.append(record)
            } catch let error as MOCacheError {
                problemCount += 1
                if problems.count < listedProblems { problems.append("line \(lineNumber): \(error.message)") }
            }
        }
        guard problemCount == 0 else {
            if problemCount > problems.count { problems.append("… and \(problemCount - problems.count) more") }
            throw MOCacheError(
                .invalidInput,
                "\(source) has \(problemCount) invalid record\(problemCount == 1 ? "" : "s"); nothing was imported:\n"
                    + problems.map { "  \($0)" }.joined(separator: "\n"),
                path: source)
        }
        return records
    }

    /// Merges checked records into a store.
    ///
    /// - Parameters:
    ///   - records: Records from ``read(_:source:)``.
    ///   - store: The store to merge into.
    ///   - overwrite: Replace stored results that differ from the records' (conflicts) instead of keeping
    ///     them.
    ///   - batchSize: How many records of a kind one store call (one transaction) imports; `nil` imports
    ///     each kind in one call (one transaction each).
    ///   - progress: Called with the records done so far and their total.
    /// - Throws: The errors of the store.
    public static func apply(
        _ records: [ExchangeRecord], to store: any CacheBackend, overwrite: Bool = false, batchSize: Int? = 500,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws -> ImportReport {
        var report = ImportReport()
        var runs: [TrainingRunRecord] = []
        var results: [EvalResultRecord] = []
        var uploads: [DatasetUpload] = []
        for record in records {
            switch record {
            case .trainingRun(let run): runs.append(run)
            case .evalResult(let result): results.append(result)
            case .datasetUpload(let upload): uploads.append(upload)
            }
        }
        let batch = max(1, batchSize ?? max(runs.count, results.count))
        var done = 0
        for start in stride(from: 0, to: runs.count, by: batch) {
            let slice = Array(runs[start..<min(start + batch, runs.count)])
            let before = try await storedTrainingRuns(for: slice, in: store)
            for (run, disposition) in zip(slice, try await store.importTrainingRuns(slice, overwrite: overwrite)) {
                report.trainingRuns.add(disposition)
                let stored = before[run.key]
                if isConflict(disposition, storedStatus: stored?.status, differs: stored?.modelID != run.modelID) {
                    report.conflicts.append(
                        ImportReport.Conflict(
                            kind: "training_run", key: "\(run.key)", storedEntry: disposition.entryID,
                            stored: stored?.modelID ?? "-", imported: run.modelID ?? "-",
                            overwritten: disposition == .replaced(disposition.entryID)))
                }
            }
            done += slice.count
            progress?(done, records.count)
        }
        for start in stride(from: 0, to: results.count, by: batch) {
            let slice = Array(results[start..<min(start + batch, results.count)])
            let before = try await store.evalResults(for: slice.map(\.key))
            for (result, disposition) in zip(slice, try await store.importEvalResults(slice, overwrite: overwrite)) {
                report.evalResults.add(disposition)
                let stored = before[result.key]
                if isConflict(disposition, storedStatus: stored?.status, differs: stored?.metrics != result.metrics) {
                    report.conflicts.append(
                        ImportReport.Conflict(
                            kind: "eval_result", key: "\(result.key)", storedEntry: disposition.entryID,
                            stored: ExchangeRecord.metricsText(stored?.metrics),
                            imported: ExchangeRecord.metricsText(result.metrics),
                            overwritten: disposition == .replaced(disposition.entryID)))
                }
            }
            done += slice.count
            progress?(done, records.count)
        }
        for upload in uploads {
            let stored = try await store.datasetUpload(backendID: upload.backendID, datasetHash: upload.datasetHash)
            switch stored {
            case nil:
                try await store.recordDatasetUpload(upload)
                report.datasetUploads.inserted += 1
            case let stored? where stored.fileID == upload.fileID:
                report.datasetUploads.unchanged += 1
            case let stored?:
                if overwrite {
                    try await store.recordDatasetUpload(upload)
                    report.datasetUploads.replaced += 1
                } else {
                    report.datasetUploads.conflicts += 1
                }
                report.conflicts.append(
                    ImportReport.Conflict(
                        kind: "dataset_upload", key: "\(upload.backendID)/\(upload.datasetHash.prefix(12))",
                        storedEntry: nil, stored: stored.fileID, imported: upload.fileID, overwritten: overwrite))
            }
            done += 1
            progress?(done, records.count)
        }
        return report
    }

    /// Whether a disposition is a conflict: kept (a conflict), or replaced while a different success was
    /// stored (a conflict overwritten).
    private static func isConflict(_ disposition: ImportDisposition, storedStatus: EntryStatus?, differs: Bool) -> Bool
    {
        switch disposition {
        case .conflict: true
        case .replaced: storedStatus == .succeeded && differs
        case .inserted, .unchanged: false
        }
    }

    private static func storedTrainingRuns(for runs: [TrainingRunRecord], in store: any CacheBackend)
        async throws -> [TrainingKey: TrainingRunRecord]
    {
        var stored: [TrainingKey: TrainingRunRecord] = [:]
        for run in runs {
            if let record = try await store.trainingRun(for: run.key) { stored[run.key] = record }
        }
        return stored
    }
}

extension ExchangeRecord {
    /// What makes two records the same entry: their kind and key.
    var exchangeKey: String {
        switch self {
        case .trainingRun(let run):
            "t\u{0}\(run.key.backendID)\u{0}\(run.key.datasetHash)\u{0}\(run.key.configHash)"
        case .evalResult(let result):
            "e\u{0}\(result.key.backendID)\u{0}\(result.key.modelID)\u{0}\(result.key.task)\u{0}\(result.key.paramsHash)"
        case .datasetUpload(let upload):
            "u\u{0}\(upload.backendID)\u{0}\(upload.datasetHash)"
        }
    }

    /// The result a record holds, as text: the model id, the metrics, the file id.
    var result: String {
        switch self {
        case .trainingRun(let run): run.modelID ?? "-"
        case .evalResult(let result): Self.metricsText(result.metrics)
        case .datasetUpload(let upload): upload.fileID
        }
    }

    /// Metrics as one line of canonical JSON.
    static func metricsText(_ metrics: [String: Double]?) -> String {
        guard let metrics else { return "-" }
        return JSONValue.object(metrics.mapValues(JSONValue.number)).compactText
    }
}
