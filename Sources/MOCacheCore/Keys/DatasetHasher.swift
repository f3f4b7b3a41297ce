import Crypto
import Foundation

/// Computes dataset hashes: the lowercase hex SHA-256 of a dataset's bytes, which is part of every
/// ``TrainingKey``.
///
/// The same bytes always give the same hash, whatever the file is called or where it lives, and one
/// changed byte gives another. Records hash as the JSONL file they would make: each record's
/// canonical JSON followed by a newline.
///
/// ```swift
/// let hash = try await DatasetHasher.hash(.file(path: "data/train.jsonl"), memo: store)
/// ```
///
/// Files are read in large chunks with constant memory, on a thread outside Swift's cooperative
/// pool, at about the speed of SHA-256 itself. With a memo (any ``CacheBackend``, or another
/// ``DatasetHashMemo``), a file whose path, device, inode, size and modification time have not changed
/// is never read again.
public enum DatasetHasher {
    /// How recently a file may have been modified and still have its hash memoized, in nanoseconds.
    ///
    /// File systems record modification times in coarse steps (a few milliseconds on Linux, a second
    /// or two on some network and FAT file systems): a file changed twice within one step keeps the
    /// same identity. A hash is memoized only once the file's time is older than this window, so a
    /// quick rewrite of a just-hashed file is never served a stale hash (the "racy clean" problem
    /// that git also guards against). A file hashed within the window is simply hashed again next
    /// time.
    static let racyWindowNanoseconds: Int64 = 2_000_000_000

    /// The hash of bytes in memory.
    ///
    /// ```swift
    /// DatasetHasher.hash(bytes: Data("hello\n".utf8))
    /// // 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03
    /// ```
    public static func hash(bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        let contiguous: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }
        if contiguous == nil {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(1 << 16)
            for byte in bytes {
                chunk.append(byte)
                if chunk.count == 1 << 16 {
                    hasher.update(data: chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            hasher.update(data: chunk)
        }
        return hasher.finalize().lowercaseHex
    }

    /// The hash of bytes in memory, as `Data`.
    public static func hash(bytes: Data) -> String {
        SHA256.hash(data: bytes).lowercaseHex
    }

    /// The hash of records as JSONL: each record's canonical JSON (``JSONValue/canonicalJSON()``)
    /// followed by `\n`. No records hash as empty bytes.
    ///
    /// This equals the hash of a file holding those lines, so a dataset kept in memory and the same
    /// dataset written out with canonical lines share a key.
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidConfig`` for a record with no
    ///   canonical form; the path counts records like an array: `$[3].lr` is in the fourth record.
    public static func hash(records: [JSONValue]) throws -> String {
        var hasher = SHA256()
        for (index, record) in records.enumerated() {
            var line = try record.canonicalBytes(below: [.index(index)])
            line.append(0x0A)
            hasher.update(data: line)
        }
        return hasher.finalize().lowercaseHex
    }

    /// The hash of a file's bytes, read in chunks of a few MiB with constant memory.
    ///
    /// The reading happens on a Dispatch thread, not on the caller's, and stops between chunks when
    /// the task is cancelled.
    ///
    /// - Parameters:
    ///   - path: The file, absolute or relative to the current directory.
    ///   - progress: Called after each chunk with the bytes read so far and the file's size, on the
    ///     reading thread. Keep it quick.
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/datasetMissing`` naming the path when
    ///   it does not exist, cannot be read, or is not a regular file (a folder, a pipe, a device);
    ///   `CancellationError` when cancelled.
    public static func hash(
        fileAt path: String, progress: (@Sendable (_ done: Int64, _ total: Int64) -> Void)? = nil
    ) async throws -> String {
        try await FileDigest.sha256(path: path, progress: progress)
    }

    /// The hash of a dataset, reading a file fully every time (see
    /// ``hash(_:memo:progress:)`` to skip unchanged files).
    ///
    /// - Throws: The errors of ``hash(fileAt:progress:)`` and ``hash(records:)``.
    public static func hash(_ dataset: Dataset) async throws -> String {
        switch dataset {
        case .file(let path):
            try await hash(fileAt: path)
        case .bytes(let data): hash(bytes: data)
        case .records(let records): try hash(records: records)
        }
    }

    /// The hash of a dataset, served from a hash memo (a store) for a file that has not changed.
    ///
    /// For a file: its identity (``FileIdentity/of(path:)``) is looked up in `memo`; a match is
    /// returned without reading a byte, which matters for a 100 GB dataset on every cache hit. On a
    /// miss the file is hashed, then looked at again, and the hash is stored only if the identity is
    /// unchanged (the file was not modified while it was read) and the file was last modified more
    /// than two seconds ago (see ``racyWindowNanoseconds``). Bytes and records are hashed directly. A
    /// path that is not a regular file (a pipe, a device, a socket) is refused before it is opened: the
    /// job must read the same bytes that were hashed.
    ///
    /// - Parameters:
    ///   - dataset: What to hash.
    ///   - memo: Where file hashes are kept: any ``CacheBackend``, or another ``DatasetHashMemo``.
    ///   - updatingMemo: Whether a file read now has its hash stored; `false` only looks the file up,
    ///     for a store opened read-only.
    ///   - progress: Called while a file is read, as in ``hash(fileAt:progress:)``; not called on a
    ///     memo hit.
    /// - Throws: The errors of ``hash(_:)``, and those of the memo.
    public static func hash(
        _ dataset: Dataset, memo: any DatasetHashMemo, updatingMemo: Bool = true,
        progress: (@Sendable (_ done: Int64, _ total: Int64) -> Void)? = nil
    ) async throws -> String {
        guard case .file(let path) = dataset else { return try await hash(dataset) }
        // Looked at without opening it: opening a pipe can wait forever for a writer.
        let before = try FileStatus(path: path)
        guard before.isRegularFile else { throw before.notRegular(path) }
        if let stored = try await memo.memoizedHash(for: before.identity) {
            return stored
        }
        let sha256 = try await hash(fileAt: path, progress: progress)
        guard updatingMemo else { return sha256 }
        let after = try FileStatus(path: path)
        if after.identity == before.identity && !isRacy(after.identity) {
            try await memo.memoizeHash(sha256, for: after.identity)
        }
        return sha256
    }

    /// Whether the file was modified so recently that another change could still go unseen.
    static func isRacy(_ file: FileIdentity, now: Date = Date()) -> Bool {
        let nowNanoseconds = Int64(now.timeIntervalSince1970 * 1_000_000_000)
        return nowNanoseconds - file.modificationTimeNanoseconds < racyWindowNanoseconds
    }
}
