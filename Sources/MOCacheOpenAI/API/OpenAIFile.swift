/// A file the service holds (the API's `File` object), as far as the fine-tuning backend needs it.
public struct OpenAIFile: Hashable, Codable, Sendable {
    /// The file's id, such as `file-abc123`.
    public let id: String
    /// Its size in bytes.
    public let bytes: Int?
    /// The name it was uploaded under.
    public let filename: String?
    /// What it is for, such as `fine-tune`.
    public let purpose: String?

    /// Makes a file description.
    public init(id: String, bytes: Int? = nil, filename: String? = nil, purpose: String? = nil) {
        self.id = id
        self.bytes = bytes
        self.filename = filename
        self.purpose = purpose
    }
}
