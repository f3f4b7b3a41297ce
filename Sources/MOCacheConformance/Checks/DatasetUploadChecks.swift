import Foundation
import MOCacheCore
import Testing

/// Dataset upload records.
enum DatasetUploadChecks {
    /// The checks of this group, in the order of the functions below.
    static let checks: [StoreConformanceCheck] = [
        StoreConformanceCheck("dataset uploads: uploads are recorded and replaced", uploadsAreRecordedAndReplaced)
    ]

    static func uploadsAreRecordedAndReplaced(_ store: any CacheBackend) async throws {
        let dataset = Fixture.hash("d1")
        #expect(try await store.datasetUpload(backendID: "openai", datasetHash: dataset) == nil)
        #expect(try await store.datasetUploads().isEmpty)

        let uploadedAt = Date(timeIntervalSince1970: 1_700_000_000.5)
        let first = DatasetUpload(
            backendID: "openai", datasetHash: dataset, fileID: "file-1", uploadedAt: uploadedAt)
        try await store.recordDatasetUpload(first)
        let stored = try #require(try await store.datasetUpload(backendID: "openai", datasetHash: dataset))
        #expect(stored.backendID == "openai" && stored.datasetHash == dataset && stored.fileID == "file-1")
        #expect(Fixture.isClose(stored.uploadedAt, uploadedAt))

        // The same dataset on another backend, and another dataset on the same backend, are other records.
        #expect(try await store.datasetUpload(backendID: "together", datasetHash: dataset) == nil)
        #expect(try await store.datasetUpload(backendID: "openai", datasetHash: Fixture.hash("d2")) == nil)
        let elsewhere = DatasetUpload(
            backendID: "together", datasetHash: dataset, fileID: "file-t", uploadedAt: uploadedAt)
        try await store.recordDatasetUpload(elsewhere)

        let replacedAt = uploadedAt.addingTimeInterval(3600)
        try await store.recordDatasetUpload(
            DatasetUpload(backendID: "openai", datasetHash: dataset, fileID: "file-2", uploadedAt: replacedAt))
        let replaced = try #require(try await store.datasetUpload(backendID: "openai", datasetHash: dataset))
        #expect(replaced.fileID == "file-2")
        #expect(Fixture.isClose(replaced.uploadedAt, replacedAt))
        #expect(try await store.datasetUpload(backendID: "together", datasetHash: dataset)?.fileID == "file-t")

        let all = try await store.datasetUploads()
        #expect(all.count == 2)
        #expect(Set(all.map { "\($0.backendID) \($0.fileID)" }) == ["openai file-2", "together file-t"])
        #expect(try await store.statistics().datasetUploads == 2)
    }
}
