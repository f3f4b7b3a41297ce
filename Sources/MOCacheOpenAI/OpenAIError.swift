/// A failure talking to the OpenAI API: what went wrong and what to do about it.
///
/// Match on ``code``; the message may be reworded. Messages that come from the service are passed
/// on, with the API key taken out should the service quote it. The failure of a job that ran (a
/// `failed` or `cancelled` status) is a ``MOCacheCore/MOCacheError`` instead, with code `job_failed`
/// or `cancelled`, as every training backend reports it.
public struct OpenAIError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is. New codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short stable name, such as `"unauthorized"`.
        public let name: String

        private init(_ name: String) { self.name = name }

        /// The stable name.
        public var description: String { name }

        /// `OPENAI_API_KEY` is not set. Nothing was sent.
        public static let missingAPIKey = Code("missing_api_key")
        /// The configuration is unusable, such as a base address that is not an http(s) URL.
        public static let invalidConfiguration = Code("invalid_configuration")
        /// The service refused the API key (401) or the key may not do this (403).
        public static let unauthorized = Code("unauthorized")
        /// The service refused the request (a 4xx other than 401, 403 and 404): its message says why.
        public static let rejected = Code("rejected")
        /// The service does not know the job or file (404).
        public static let notFound = Code("not_found")
        /// The service kept answering 429 (rate limited) after every retry.
        public static let rateLimited = Code("rate_limited")
        /// The service kept failing (5xx, 408, 409) after every retry.
        public static let serviceFailure = Code("service_failure")
        /// The service could not be reached, or did not answer in time, after every retry.
        public static let unreachable = Code("unreachable")
        /// The service answered with something that is not what the API reference describes.
        public static let invalidResponse = Code("invalid_response")
    }

    /// What kind of failure this is.
    public let code: Code
    /// The full message for a person.
    public let message: String
    /// The HTTP status of the answer, when there was one.
    public let status: Int?

    /// Makes an error.
    public init(_ code: Code, _ message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// The message.
    public var description: String { message }
}
