/// A stored dataset hash together with the file identity it was computed for.
public struct FileHashMemo: Hashable, Codable, Sendable {
    /// The file as it was when hashed.
    public let file: FileIdentity
    /// Lowercase hex SHA-256 of its bytes.
    public let sha256: String

    /// Makes a memo entry.
    public init(file: FileIdentity, sha256: String) {
        self.file = file
        self.sha256 = sha256
    }
}
