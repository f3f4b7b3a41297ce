/// One event of a fine-tuning job (the API's `fine_tuning.job.event`): progress for people.
public struct OpenAIFineTuningEvent: Hashable, Codable, Sendable {
    /// The event's id.
    public let id: String
    /// When it happened, in seconds since 1970.
    public let createdAt: Int
    /// `info`, `warn` or `error`.
    public let level: String
    /// What happened.
    public let message: String

    enum CodingKeys: String, CodingKey {
        case id, level, message
        case createdAt = "created_at"
    }

    /// Makes an event.
    public init(id: String, createdAt: Int, level: String, message: String) {
        self.id = id
        self.createdAt = createdAt
        self.level = level
        self.message = message
    }
}
