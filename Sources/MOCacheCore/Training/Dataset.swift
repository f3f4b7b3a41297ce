import Foundation

/// The data a model is trained on: a file, bytes in memory, or JSONL records.
///
/// Its hash (``DatasetHasher``) is part of every training key, so the same data under another file
/// name is still a hit, and one changed byte is a miss.
public enum Dataset: Hashable, Codable, Sendable {
    /// A file on disk, hashed in large chunks and memoized by file identity.
    case file(path: String)
    /// Bytes in memory.
    case bytes(Data)
    /// Records, each serialized as canonical JSON on its own line (JSONL).
    case records([JSONValue])
}
