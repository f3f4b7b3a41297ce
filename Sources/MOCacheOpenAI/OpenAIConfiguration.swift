import Foundation

/// Where and how to reach the OpenAI API, or any OpenAI-compatible service.
///
/// Read it from the environment the way OpenAI's own SDKs do, with
/// ``fromEnvironment(_:)``: `OPENAI_API_KEY` (required), `OPENAI_BASE_URL` (default
/// `https://api.openai.com/v1`), `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID`. Or make one directly:
///
/// ```swift
/// let configuration = OpenAIConfiguration(
///     apiKey: OpenAIAPIKey(secret), baseURL: "http://127.0.0.1:8000/v1", requestTimeout: .seconds(30))
/// ```
public struct OpenAIConfiguration: Sendable {
    /// The API's address when `OPENAI_BASE_URL` is not set.
    public static let defaultBaseURL = "https://api.openai.com/v1"

    /// The API key, sent as `Authorization: Bearer ...`.
    public let apiKey: OpenAIAPIKey
    /// The API's base address, up to and including the version (`https://api.openai.com/v1`), without
    /// a trailing slash.
    public let baseURL: String
    /// Sent as `OpenAI-Organization` when set.
    public let organization: String?
    /// Sent as `OpenAI-Project` when set.
    public let project: String?
    /// How long to wait for a connection to the service.
    public let connectTimeout: Duration
    /// How long one request may take, from sending it to the last byte of the answer; a request
    /// that takes longer is abandoned and retried.
    public let requestTimeout: Duration
    /// How long one dataset upload may take.
    public let uploadTimeout: Duration
    /// Which failures are retried, how often, and how long to wait between tries.
    public let retry: OpenAIRetryPolicy
    /// How often a job's status is asked for while it runs: from the lower bound, growing by half
    /// each time up to the upper.
    public let pollInterval: ClosedRange<Duration>

    /// Makes a configuration.
    ///
    /// - Parameters:
    ///   - apiKey: The API key.
    ///   - baseURL: The API's base address, such as `https://api.openai.com/v1`.
    ///   - organization: The `OpenAI-Organization` header, when needed.
    ///   - project: The `OpenAI-Project` header, when needed.
    ///   - connectTimeout: How long to wait for a connection.
    ///   - requestTimeout: How long one request may take.
    ///   - uploadTimeout: How long one dataset upload may take.
    ///   - retry: The retry policy.
    ///   - pollInterval: How often a running job is polled.
    public init(
        apiKey: OpenAIAPIKey, baseURL: String = defaultBaseURL, organization: String? = nil, project: String? = nil,
        connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(60),
        uploadTimeout: Duration = .seconds(600), retry: OpenAIRetryPolicy = OpenAIRetryPolicy(),
        pollInterval: ClosedRange<Duration> = .seconds(2)...(.seconds(30))
    ) {
        self.apiKey = apiKey
        var baseURL = baseURL
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        self.baseURL = baseURL
        self.organization = organization
        self.project = project
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.uploadTimeout = uploadTimeout
        self.retry = retry
        self.pollInterval = pollInterval
    }

    /// Reads the configuration from environment variables, as OpenAI's SDKs do.
    ///
    /// `OPENAI_API_KEY` is required; `OPENAI_BASE_URL` (default ``defaultBaseURL``),
    /// `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID` are optional. Empty values count as unset.
    ///
    /// - Parameter environment: The variables; the process's environment by default.
    /// - Throws: ``OpenAIError`` with code ``OpenAIError/Code/missingAPIKey`` when no key is set, or
    ///   ``OpenAIError/Code/invalidConfiguration`` when the base address is not an http(s) URL.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> OpenAIConfiguration
    {
        func value(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty
            else { return nil }
            return value
        }
        guard let key = value("OPENAI_API_KEY") else {
            throw OpenAIError(
                .missingAPIKey,
                "OPENAI_API_KEY is not set: set it to your OpenAI API key (or to the key of the "
                    + "OpenAI-compatible service that OPENAI_BASE_URL names). Nothing was sent.")
        }
        let baseURL = value("OPENAI_BASE_URL") ?? defaultBaseURL
        try validate(baseURL: baseURL)
        return OpenAIConfiguration(
            apiKey: OpenAIAPIKey(key), baseURL: baseURL, organization: value("OPENAI_ORG_ID"),
            project: value("OPENAI_PROJECT_ID"))
    }

    /// Checks that a base address is an http or https URL with a host.
    ///
    /// - Throws: ``OpenAIError`` with code ``OpenAIError/Code/invalidConfiguration``.
    static func validate(baseURL: String) throws {
        guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else {
            throw OpenAIError(
                .invalidConfiguration,
                "OPENAI_BASE_URL \"\(baseURL)\" is not an http(s) URL: give the API's base address, such as "
                    + "\(defaultBaseURL) or http://127.0.0.1:8000/v1.")
        }
    }
}
