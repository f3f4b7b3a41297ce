import Foundation
import GRDB
import MOCacheCore

// MARK: - Dataset uploads

extension SQLiteCacheBackend {
    public func datasetUpload(backendID: String, datasetHash: String) async throws -> DatasetUpload? {
        try lookup(
            sql: "SELECT file_id, uploaded_at FROM dataset_uploads WHERE backend = ? AND dataset_hash = ?",
            arguments: [.text(backendID), .text(datasetHash)]
        ) { row in
            DatasetUpload(
                backendID: backendID, datasetHash: datasetHash,
                fileID: try SQLiteRows.string(row, 0, "dataset_uploads.file_id"),
                uploadedAt: try SQLiteRows.date(row, 1, "dataset_uploads.uploaded_at"))
        }
    }

    public func recordDatasetUpload(_ upload: DatasetUpload) async throws {
        try await write { db in
            try SQLiteQuery.execute(
                db,
                sql: """
                    INSERT INTO dataset_uploads (backend, dataset_hash, file_id, uploaded_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (backend, dataset_hash) DO UPDATE
                    SET file_id = excluded.file_id, uploaded_at = excluded.uploaded_at
                    """,
                arguments: [
                    .text(upload.backendID), .text(upload.datasetHash), .text(upload.fileID),
                    .text(ISO8601Timestamp.format(upload.uploadedAt)),
                ])
        }
    }

    /// Every recorded upload, by backend and dataset hash.
    public func datasetUploads() async throws -> [DatasetUpload] {
        try await read { db in
            try SQLiteQuery.rows(
                db, cached: false,
                sql: """
                    SELECT backend, dataset_hash, file_id, uploaded_at FROM dataset_uploads
                    ORDER BY backend, dataset_hash
                    """,
                arguments: []
            ) { row in
                DatasetUpload(
                    backendID: try SQLiteRows.string(row, 0, "dataset_uploads.backend"),
                    datasetHash: try SQLiteRows.string(row, 1, "dataset_uploads.dataset_hash"),
                    fileID: try SQLiteRows.string(row, 2, "dataset_uploads.file_id"),
                    uploadedAt: try SQLiteRows.date(row, 3, "dataset_uploads.uploaded_at"))
            }
        }
    }
}
