import Foundation
import MOCacheCore
import PostgresNIO

// MARK: - Leases

extension PostgresCacheBackend {
    /// Extends the lease on the server's clock, when `owner` holds it and, if this process saw the
    /// owner claim the entry, the fence is still the one the claim got.
    public func renewLease(for key: EntryKey, owner: String, duration: TimeInterval) async throws -> Bool {
        try requireWritable("renewing a lease")
        let fence = fences.fence(for: key, owner: owner)
        let query: PostgresQuery
        switch key {
        case .training(let key):
            query = """
                UPDATE training_runs SET lease_expires_at = now() + make_interval(secs => \(duration))
                WHERE backend = \(key.backendID) AND dataset_hash = \(key.datasetHash)
                    AND config_hash = \(key.configHash) AND lease_owner = \(owner)
                    AND (\(fence)::bigint IS NULL OR lease_fence = \(fence))
                RETURNING id
                """
        case .eval(let key):
            query = """
                UPDATE eval_results SET lease_expires_at = now() + make_interval(secs => \(duration))
                WHERE backend = \(key.backendID) AND model_id = \(key.modelID) AND task = \(key.task)
                    AND params_hash = \(key.paramsHash) AND lease_owner = \(owner)
                    AND (\(fence)::bigint IS NULL OR lease_fence = \(fence))
                RETURNING id
                """
        }
        return try await !rows(query, doing: "renewing the lease on \(key)").isEmpty
    }

    /// Waits for a notification that one of `entries` finished or was removed, or for `timeout`.
    ///
    /// Finishes and removals are announced by the server (LISTEN/NOTIFY) to every process that uses
    /// the store, so a waiter learns of another machine's result within milliseconds. While the
    /// store is not listening (read-only, or its listening connection is down) this sleeps `timeout`.
    public func waitForChange(of entries: [EntryID], timeout: Duration) async throws {
        if let listener {
            try await listener.wait(for: entries, timeout: timeout)
        } else {
            try await Task.sleep(for: timeout)
        }
    }
}

// MARK: - Dataset uploads

extension PostgresCacheBackend {
    public func datasetUpload(backendID: String, datasetHash: String) async throws -> DatasetUpload? {
        try await rows(
            """
            SELECT backend, dataset_hash, file_id, uploaded_at FROM dataset_uploads
            WHERE backend = \(backendID) AND dataset_hash = \(datasetHash)
            """, doing: "reading a dataset upload"
        ).first.map(Self.upload)
    }

    public func recordDatasetUpload(_ upload: DatasetUpload) async throws {
        try requireWritable("recording a dataset upload")
        _ = try await rows(
            """
            INSERT INTO dataset_uploads (backend, dataset_hash, file_id, uploaded_at)
            VALUES (\(upload.backendID), \(upload.datasetHash), \(upload.fileID), \(upload.uploadedAt))
            ON CONFLICT (backend, dataset_hash) DO UPDATE SET file_id = excluded.file_id,
                uploaded_at = excluded.uploaded_at
            """, doing: "recording a dataset upload")
    }

    public func datasetUploads() async throws -> [DatasetUpload] {
        try await rows(
            """
            SELECT backend, dataset_hash, file_id, uploaded_at FROM dataset_uploads
            ORDER BY backend COLLATE "C", dataset_hash COLLATE "C"
            """, doing: "listing dataset uploads"
        ).map(Self.upload)
    }

    private static func upload(_ row: PostgresRow) throws -> DatasetUpload {
        let (backend, hash, fileID, uploadedAt) = try row.decode((String, String, String, Date).self)
        return DatasetUpload(backendID: backend, datasetHash: hash, fileID: fileID, uploadedAt: uploadedAt)
    }
}

// MARK: - File hash memo

extension PostgresCacheBackend {
    public func memoizedHash(for file: FileIdentity) async throws -> String? {
        let rows = try await rows(
            """
            SELECT sha256 FROM file_hash_memo
            WHERE path = \(file.path) AND device = \(Int64(bitPattern: file.device))
                AND inode = \(Int64(bitPattern: file.inode)) AND size = \(file.size)
                AND mtime_ns = \(file.modificationTimeNanoseconds)
            """, doing: "reading the hash memo")
        return try rows.first?.decode(String.self)
    }

    public func memoizeHash(_ sha256: String, for file: FileIdentity) async throws {
        // A read-only store keeps the memo it has: hashing again is the cost, nothing is lost.
        guard access == .readWrite else { return }
        _ = try await rows(
            """
            INSERT INTO file_hash_memo (path, device, inode, size, mtime_ns, sha256, hashed_at)
            VALUES (\(file.path), \(Int64(bitPattern: file.device)), \(Int64(bitPattern: file.inode)), \(file.size),
                \(file.modificationTimeNanoseconds), \(sha256), now())
            ON CONFLICT (path) DO UPDATE SET device = excluded.device, inode = excluded.inode, size = excluded.size,
                mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256, hashed_at = excluded.hashed_at
            """, doing: "storing a file hash")
    }

    public func fileHashMemos() async throws -> [FileHashMemo] {
        try await rows(
            "SELECT path, device, inode, size, mtime_ns, sha256 FROM file_hash_memo ORDER BY path COLLATE \"C\"",
            doing: "listing the hash memo"
        ).map { row in
            let (path, device, inode, size, mtime, sha256) = try row.decode(
                (String, Int64, Int64, Int64, Int64, String).self)
            return FileHashMemo(
                file: FileIdentity(
                    path: path, device: UInt64(bitPattern: device), inode: UInt64(bitPattern: inode), size: size,
                    modificationTimeNanoseconds: mtime),
                sha256: sha256)
        }
    }

    @discardableResult
    public func removeFileHashMemos(paths: [String]) async throws -> Int {
        guard !paths.isEmpty else { return 0 }
        try requireWritable("removing hash memo entries")
        return try await rows(
            "DELETE FROM file_hash_memo WHERE path = ANY(\(paths)::text[]) RETURNING path",
            doing: "removing hash memo entries"
        ).count
    }
}

// MARK: - Hit ledger

extension PostgresCacheBackend {
    /// Counts a hit in memory; ``flushHits()`` (and ``close()``) write the counts. A read-only store
    /// does not count hits.
    public func recordHit(_ entry: EntryID) async {
        guard access == .readWrite else { return }
        let now = Date()
        hits.withLock { $0.add(entry, at: now) }
    }

    /// Writes the counted hits in one statement per kind of entry. Hits on entries removed meanwhile
    /// are dropped.
    public func flushHits() async throws {
        let pending = hits.withLock { $0.drain() }
        guard !pending.isEmpty else { return }
        for (table, kind) in [("training_runs", "training"), ("eval_results", "eval")] {
            let entries = pending.filter { entry, _ in
                switch entry {
                case .training: kind == "training"
                case .eval: kind == "eval"
                }
            }
            guard !entries.isEmpty else { continue }
            // In id order, so that two processes flushing the same rows lock them in the same order.
            let list = entries.sorted { left, right in
                switch (left.key, right.key) {
                case (.training(let a), .training(let b)), (.eval(let a), .eval(let b)): a < b
                default: false
                }
            }
            let ids = list.map { entry, _ -> Int64 in
                switch entry {
                case .training(let id), .eval(let id): id
                }
            }
            let counts = list.map { Int64($0.value.count) }
            let times = list.map { $0.value.last.timeIntervalSince1970 }
            // Not sent again after a lost connection: a count that reached the server would be added twice.
            // Sent again after a deadlock (40P01), which the server rolled back whole: the rows' order
            // is not the only lock order of a join's plan.
            var attempts = 0
            while true {
                attempts += 1
                do {
                    _ = try await client.query(
                        """
                        UPDATE \(unescaped: table) AS t SET hit_count = t.hit_count + h.count,
                            last_hit_at = greatest(t.last_hit_at, to_timestamp(h.last))
                        FROM unnest(\(ids)::bigint[], \(counts)::bigint[], \(times)::float8[]) AS h(id, count, last)
                        WHERE t.id = h.id
                        """, logger: logger
                    ).collect()
                    break
                } catch  where attempts < 5 && PostgresErrorTranslation.sqlState(of: error) == "40P01" {
                    logger.debug(
                        "a deadlock writing cache hit counts; writing them again", metadata: ["table": "\(table)"])
                } catch {
                    throw PostgresErrorTranslation.translate(
                        error, location: location, doing: "writing cache hit counts")
                }
            }
        }
    }
}
