extension FileIdentity {
    /// What the file system says about the file at `path` now: the key of the hash memo.
    ///
    /// Symbolic links are followed (the device, inode, size and time are the target's); the path
    /// kept is the given one made absolute and standardized (`.` and `..` removed), not resolved.
    ///
    /// ```swift
    /// let identity = try FileIdentity.of(path: "data/train.jsonl")
    /// if let hash = try await store.memoizedHash(for: identity) { ... }
    /// ```
    ///
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/datasetMissing`` when the path does
    ///   not exist, cannot be looked at, or is a folder.
    public static func of(path: String) throws -> FileIdentity {
        try FileStatus(path: path).identity
    }
}
