/// One page of a job's events, newest first (the API's list of `fine_tuning.job.event`).
struct OpenAIEventPage: Decodable, Sendable {
    let data: [OpenAIFineTuningEvent]
    let hasMore: Bool?

    enum CodingKeys: String, CodingKey {
        case data
        case hasMore = "has_more"
    }
}
