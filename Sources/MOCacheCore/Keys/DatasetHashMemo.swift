/// Where ``DatasetHasher`` keeps the hashes of the files it read, so that a file that has not changed is
/// never read again.
///
/// Hashing needs these two methods, not a whole store: every ``CacheBackend`` is a memo (it refines
/// this protocol and keeps the memo in its database), and anything else that can remember a hash by
/// ``FileIdentity`` can be one too.
///
/// ```swift
/// let hash = try await DatasetHasher.hash(.file(path: "data/train.jsonl"), memo: store)
/// ```
public protocol DatasetHashMemo: Sendable {
    /// The stored hash of a file whose identity has not changed, or `nil`.
    func memoizedHash(for file: FileIdentity) async throws -> String?

    /// Stores a file's hash for its current identity, replacing what was stored for its path.
    func memoizeHash(_ sha256: String, for file: FileIdentity) async throws
}
