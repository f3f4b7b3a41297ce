/// One page of fine-tuning jobs, newest first (the API's list of `fine_tuning.job`).
struct OpenAIJobPage: Decodable, Sendable {
    let data: [OpenAIFineTuningJob]
    let hasMore: Bool?

    enum CodingKeys: String, CodingKey {
        case data
        case hasMore = "has_more"
    }
}
