// TEMPORARY: stands in for the SQLite store until it lands on main, then this file is deleted.
// It keeps an InMemoryCacheBackend in a JSON-lines file through export and import (succeeded
// entries only), with the API the SQLite store will have, so that the commands can be built and tried.
import Foundation
import Logging
import MOCache

final class SQLiteCacheBackend: CacheBackend {
    enum Access: Sendable, Hashable {
        case readWrite, readOnly
    }

    static let supportedSchemaVersion = 2
    let path: String
    let access: Access
    let inner = InMemoryCacheBackend()

    init(path: String, access: Access = .readWrite, busyTimeout: TimeInterval = 10, logger: Logger) async throws {
        self.path = Self.defaultPath(environment: ["MOCACHE_DB": path])
        self.access = access
        if FileManager.default.fileExists(atPath: self.path) {
            let data = try Data(contentsOf: URL(fileURLWithPath: self.path))
            if data.starts(with: Data("SQLite format 3".utf8)) || (!data.isEmpty && data.first != UInt8(ascii: "{")) {
                throw MOCacheError(.notADatabase, "\(self.path) is not a mocache database.", path: self.path)
            }
            _ = try await CacheImport.apply(try CacheImport.read(data, source: self.path), to: inner)
        } else if access == .readOnly {
            throw MOCacheError(.databaseMissing, "No mocache database at \(self.path).", path: self.path)
        } else {
            try FileManager.default.createDirectory(
                atPath: (self.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: self.path, contents: Data())
        }
    }

    static func defaultPath(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        let path = environment["MOCACHE_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? ".mocache/cache.sqlite"
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: currentDirectory + "/")).standardizedFileURL
            .path
    }

    func close() async throws {
        guard access == .readWrite else { return }
        let lines = try await CacheExport.records(from: inner).map { try $0.line() + "\n" }.joined()
        try Data(lines.utf8).write(to: URL(fileURLWithPath: path))
    }

    func verify() async throws -> VerificationReport {
        VerificationReport(
            path: path, schemaVersion: 2, supportedSchemaVersion: 2, integrityProblems: [], foreignKeyProblems: [],
            invalidJSON: [], changedFiles: [], missingFiles: [])
    }

    func vacuum() async throws {}

    func trainingRun(for key: TrainingKey) async throws -> TrainingRunRecord? { try await inner.trainingRun(for: key) }
    func claimTrainingRun(for key: TrainingKey, config: JSONValue, lease: LeaseRequest) async throws
        -> ClaimOutcome<TrainingRunRecord>
    { try await inner.claimTrainingRun(for: key, config: config, lease: lease) }
    func recordTrainingJobStarted(for key: TrainingKey, jobID: String, worker: Worker) async throws {
        try await inner.recordTrainingJobStarted(for: key, jobID: jobID, worker: worker)
    }
    func finishTrainingRun(for key: TrainingKey, owner: String, outcome: TrainingOutcome) async throws
        -> TrainingRunRecord
    { try await inner.finishTrainingRun(for: key, owner: owner, outcome: outcome) }
    func evalResults(for keys: [EvalKey]) async throws -> [EvalKey: EvalResultRecord] {
        try await inner.evalResults(for: keys)
    }
    func claimEvalResult(for key: EvalKey, params: JSONValue, lease: LeaseRequest) async throws
        -> ClaimOutcome<EvalResultRecord>
    { try await inner.claimEvalResult(for: key, params: params, lease: lease) }
    func recordEvalJobStarted(for key: EvalKey, jobID: String?, worker: Worker) async throws {
        try await inner.recordEvalJobStarted(for: key, jobID: jobID, worker: worker)
    }
    func finishEvalResult(for key: EvalKey, owner: String, outcome: EvalOutcome) async throws -> EvalResultRecord {
        try await inner.finishEvalResult(for: key, owner: owner, outcome: outcome)
    }
    func renewLease(for key: EntryKey, owner: String, duration: TimeInterval) async throws -> Bool {
        try await inner.renewLease(for: key, owner: owner, duration: duration)
    }
    func datasetUpload(backendID: String, datasetHash: String) async throws -> DatasetUpload? {
        try await inner.datasetUpload(backendID: backendID, datasetHash: datasetHash)
    }
    func recordDatasetUpload(_ upload: DatasetUpload) async throws { try await inner.recordDatasetUpload(upload) }
    func datasetUploads() async throws -> [DatasetUpload] { try await inner.datasetUploads() }
    func memoizedHash(for file: FileIdentity) async throws -> String? { try await inner.memoizedHash(for: file) }
    func memoizeHash(_ sha256: String, for file: FileIdentity) async throws {
        try await inner.memoizeHash(sha256, for: file)
    }
    func fileHashMemos() async throws -> [FileHashMemo] { try await inner.fileHashMemos() }
    func removeFileHashMemos(paths: [String]) async throws -> Int { try await inner.removeFileHashMemos(paths: paths) }
    func recordHit(_ entry: EntryID) async { await inner.recordHit(entry) }
    func flushHits() async throws {}
    func trainingRuns(matching filter: TrainingRunFilter) async throws -> [TrainingRunRecord] {
        try await inner.trainingRuns(matching: filter)
    }
    func evalResults(matching filter: EvalResultFilter) async throws -> [EvalResultRecord] {
        try await inner.evalResults(matching: filter)
    }
    func statistics() async throws -> CacheStatistics { try await inner.statistics() }
    func removeEntries(_ ids: [EntryID]) async throws -> Int { try await inner.removeEntries(ids) }
    func importTrainingRuns(_ runs: [TrainingRunRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try await inner.importTrainingRuns(runs, overwrite: overwrite)
    }
    func importEvalResults(_ results: [EvalResultRecord], overwrite: Bool) async throws -> [ImportDisposition] {
        try await inner.importEvalResults(results, overwrite: overwrite)
    }
}

struct VerificationReport: Sendable {
    struct InvalidJSON: Sendable {
        let table: String
        let rowID: Int64
        let column: String
    }
    let path: String
    let schemaVersion: Int
    let supportedSchemaVersion: Int
    let integrityProblems: [String]
    let foreignKeyProblems: [String]
    let invalidJSON: [InvalidJSON]
    let changedFiles: [String]
    let missingFiles: [String]
    var isHealthy: Bool { integrityProblems.isEmpty && invalidJSON.isEmpty }
}
