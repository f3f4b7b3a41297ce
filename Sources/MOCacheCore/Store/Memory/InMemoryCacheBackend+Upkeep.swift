import Foundation

// MARK: - Leases

extension InMemoryCacheBackend {
    public func renewLease(for key: EntryKey, owner: String, duration: TimeInterval) async throws -> Bool {
        let expiry = clock().addingTimeInterval(duration)
        switch key {
        case .training(let trainingKey):
            return trainingTable.renewLease(
                trainingKey, owner: owner, fence: fences.fence(for: key, owner: owner), until: expiry)
        case .eval(let evalKey):
            return evalTable.renewLease(
                evalKey, owner: owner, fence: fences.fence(for: key, owner: owner), until: expiry)
        }
    }
}

// MARK: - Dataset uploads

extension InMemoryCacheBackend {
    public func datasetUpload(backendID: String, datasetHash: String) async throws -> DatasetUpload? {
        uploads[backendID]?[datasetHash]
    }

    public func recordDatasetUpload(_ upload: DatasetUpload) async throws {
        uploads[upload.backendID, default: [:]][upload.datasetHash] = upload
    }

    public func datasetUploads() async throws -> [DatasetUpload] {
        uploads.values.flatMap(\.values).sorted {
            ($0.backendID, $0.datasetHash) < ($1.backendID, $1.datasetHash)
        }
    }
}

// MARK: - File hash memo

extension InMemoryCacheBackend {
    public func memoizedHash(for file: FileIdentity) async throws -> String? {
        guard let memo = memos[file.path], memo.file == file else { return nil }
        return memo.sha256
    }

    public func memoizeHash(_ sha256: String, for file: FileIdentity) async throws {
        memos[file.path] = FileHashMemo(file: file, sha256: sha256)
    }

    public func fileHashMemos() async throws -> [FileHashMemo] {
        memos.values.sorted { $0.file.path < $1.file.path }
    }
}

// MARK: - Hit ledger

extension InMemoryCacheBackend {
    /// Counts one hit at once: in memory, counting is as cheap as deferring it.
    public func recordHit(_ entry: EntryID) async {
        switch entry {
        case .training(let id): trainingTable.recordHit(id: id, at: clock())
        case .eval(let id): evalTable.recordHit(id: id, at: clock())
        }
    }

    /// Does nothing: ``recordHit(_:)`` already counted every hit.
    public func flushHits() async throws {}
}

// MARK: - Removal

extension InMemoryCacheBackend {
    @discardableResult
    public func removeEntries(_ ids: [EntryID]) async throws -> Int {
        var removed = 0
        for id in Set(ids) {
            let existed =
                switch id {
                case .training(let id): trainingTable.remove(id: id)
                case .eval(let id): evalTable.remove(id: id)
                }
            if existed { removed += 1 }
        }
        return removed
    }
}
