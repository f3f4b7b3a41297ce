import Foundation
import MOCache

/// What the store knows about one dataset: the runs trained on it, where it was uploaded, and which
/// files had its hash. `mocache datasets` lists these.
public struct DatasetSummary: Hashable, Sendable {
    /// Lowercase hex SHA-256 of the dataset's bytes.
    public let datasetHash: String
    /// Training runs on it, by backend id.
    public let trainingRuns: [String: Int]
    /// When the newest training run on it was created.
    public let lastTrainedAt: Date?
    /// The backends that hold an upload of it.
    public let uploads: [DatasetUpload]
    /// The files in the hash memo whose content had this hash when they were hashed.
    public let files: [FileHashMemo]

    /// Makes a summary.
    public init(
        datasetHash: String, trainingRuns: [String: Int], lastTrainedAt: Date?, uploads: [DatasetUpload],
        files: [FileHashMemo]
    ) {
        self.datasetHash = datasetHash
        self.trainingRuns = trainingRuns
        self.lastTrainedAt = lastTrainedAt
        self.uploads = uploads
        self.files = files
    }

    /// Every dataset hash the store has seen (in training runs, uploads or the hash memo), most
    /// recently trained first, then by hash.
    public static func all(in store: any CacheBackend) async throws -> [DatasetSummary] {
        summarize(
            trainingCounts: try await store.datasetTrainingCounts(), uploads: try await store.datasetUploads(),
            memos: try await store.fileHashMemos())
    }

    /// The pure part of ``all(in:)``, from the runs themselves.
    public static func summarize(
        trainingRuns: [TrainingRunRecord], uploads: [DatasetUpload], memos: [FileHashMemo]
    ) -> [DatasetSummary] {
        let groups = Dictionary(grouping: trainingRuns) { [$0.key.datasetHash, $0.key.backendID] }
        let counts = groups.map { group, runs in
            DatasetTrainingCount(
                datasetHash: group[0], backendID: group[1], runs: runs.count,
                lastCreatedAt: runs.map(\.createdAt).max() ?? .distantPast)
        }
        return summarize(trainingCounts: counts, uploads: uploads, memos: memos)
    }

    /// The pure part of ``all(in:)``, from the store's counts.
    public static func summarize(
        trainingCounts: [DatasetTrainingCount], uploads: [DatasetUpload], memos: [FileHashMemo]
    ) -> [DatasetSummary] {
        var runs: [String: [String: Int]] = [:]
        var last: [String: Date] = [:]
        for count in trainingCounts {
            runs[count.datasetHash, default: [:]][count.backendID, default: 0] += count.runs
            last[count.datasetHash] = max(last[count.datasetHash] ?? count.lastCreatedAt, count.lastCreatedAt)
        }
        let uploadsByHash = Dictionary(grouping: uploads, by: \.datasetHash)
        let memosByHash = Dictionary(grouping: memos, by: \.sha256)
        let hashes = Set(runs.keys).union(uploadsByHash.keys).union(memosByHash.keys)
        return hashes.map { hash in
            DatasetSummary(
                datasetHash: hash, trainingRuns: runs[hash] ?? [:], lastTrainedAt: last[hash],
                uploads: (uploadsByHash[hash] ?? []).sorted { $0.backendID < $1.backendID },
                files: (memosByHash[hash] ?? []).sorted { $0.file.path < $1.file.path })
        }
        .sorted { lhs, rhs in
            switch (lhs.lastTrainedAt, rhs.lastTrainedAt) {
            case (let left?, let right?) where left != right: left > right
            case (.some, nil): true
            case (nil, .some): false
            default: lhs.datasetHash < rhs.datasetHash
            }
        }
    }
}
