import Foundation
import Testing

@testable import MOCacheCLI
@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

@Suite("Dataset summaries")
struct DatasetSummaryTests {
    typealias F = InspectionFixtures

    @Test("hashes from runs, uploads and the memo come together, most recently trained first")
    func summarize() throws {
        let (a, b, c) = (F.hash("a"), F.hash("b"), F.hash("c"))
        let runs = [
            try F.run(id: 1, backend: "x", dataset: a, config: F.config(0.1), createdAt: F.start),
            try F.run(id: 2, backend: "x", dataset: a, config: F.config(0.2), createdAt: F.start + 50),
            try F.run(id: 3, backend: "y", dataset: a, config: F.config(0.3), createdAt: F.start + 10),
            try F.run(id: 4, backend: "x", dataset: b, config: F.config(0.1), createdAt: F.start + 100),
        ]
        let uploads = [DatasetUpload(backendID: "y", datasetHash: a, fileID: "file-1", uploadedAt: F.start)]
        let memos = [
            FileHashMemo(
                file: FileIdentity(path: "/data/a.jsonl", device: 1, inode: 2, size: 3, modificationTimeNanoseconds: 4),
                sha256: a),
            FileHashMemo(
                file: FileIdentity(path: "/data/c.jsonl", device: 1, inode: 3, size: 3, modificationTimeNanoseconds: 4),
                sha256: c),
        ]
        let summaries = DatasetSummary.summarize(trainingRuns: runs, uploads: uploads, memos: memos)
        #expect(summaries.map(\.datasetHash) == [b, a, c])
        #expect(summaries[1].trainingRuns == ["x": 2, "y": 1])
        #expect(summaries[1].lastTrainedAt == F.start + 50)
        #expect(summaries[1].uploads.map(\.fileID) == ["file-1"])
        #expect(summaries[1].files.map(\.file.path) == ["/data/a.jsonl"])
        #expect(summaries[2].trainingRuns.isEmpty && summaries[2].lastTrainedAt == nil)
    }
}
