import AsyncHTTPClient
import Foundation
import Logging
import MOCacheCore
import NIOCore
import NIOHTTP1

/// A small hand-written client of the OpenAI API's file and fine-tuning endpoints.
///
/// It owns the `HTTPClient` it makes (its connections and event loops) and closes it in
/// ``shutdown()``; a client given to it stays the giver's. Every request carries the API key and the
/// organization and project headers, is abandoned after the configured timeout, and is retried as
/// ``OpenAIRetryPolicy`` says. The key never appears in logs or errors: messages from the service
/// are passed through ``OpenAIAPIKey/redact(_:)``.
final class OpenAIClient: Sendable {
    /// An answer: its status and body.
    struct Response: Sendable {
        let status: Int
        let body: Data
    }

    let configuration: OpenAIConfiguration
    private let http: HTTPClient
    private let ownsHTTPClient: Bool
    private let logger: Logger

    /// The largest answer read: the API's objects are small.
    private static let maxResponseBytes = 16 << 20

    /// Makes a client.
    ///
    /// - Parameters:
    ///   - configuration: Where the service is and how to talk to it.
    ///   - httpClient: An `HTTPClient` to use, which the caller shuts down; `nil` makes one with the
    ///     configuration's connect timeout, shut down by ``shutdown()``.
    ///   - logger: Where requests and retries are logged (never their headers).
    init(configuration: OpenAIConfiguration, httpClient: HTTPClient?, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        if let httpClient {
            http = httpClient
            ownsHTTPClient = false
        } else {
            http = HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                configuration: OpenAIFineTuningBackend.httpClientConfiguration(
                    connectTimeout: configuration.connectTimeout))
            ownsHTTPClient = true
        }
    }

    /// Closes the `HTTPClient` this client made.
    func shutdown() async throws {
        if ownsHTTPClient { try await http.shutdown() }
    }

    // MARK: - Endpoints

    /// `POST /files`: uploads `data` as a `fine-tune` file.
    func uploadFile(_ data: Data, filename: String) async throws -> OpenAIFile {
        var form = MultipartForm()
        form.add(name: "purpose", value: "fine-tune")
        form.add(name: "file", filename: filename, contentType: "application/jsonl", data: data)
        let response = try await send(
            .POST, "/files", body: form.data, contentType: form.contentType, idempotencyKey: Self.newIdempotencyKey(),
            timeout: configuration.uploadTimeout, what: "upload the dataset")
        return try decode(OpenAIFile.self, response, what: "the uploaded file")
    }

    /// `GET /files/{id}`: the file, or `nil` when the service no longer has it (404).
    func file(id: String) async throws -> OpenAIFile? {
        do {
            let response = try await send(.GET, "/files/\(Self.escape(id))", what: "look up file \(id)")
            return try decode(OpenAIFile.self, response, what: "file \(id)")
        } catch let error as OpenAIError where error.code == .notFound {
            return nil
        }
    }

    /// `POST /fine_tuning/jobs`: creates a job from the request body.
    ///
    /// - Parameter idempotencyKey: The same for every try of one creation, so that a retry after a
    ///   lost answer does not create a second job on services that honour it.
    func createJob(_ body: JSONValue, idempotencyKey: String) async throws -> OpenAIFineTuningJob {
        let response = try await send(
            .POST, "/fine_tuning/jobs", body: try body.canonicalData(), contentType: "application/json",
            idempotencyKey: idempotencyKey, what: "create the fine-tuning job")
        return try decode(OpenAIFineTuningJob.self, response, what: "the created job")
    }

    /// `GET /fine_tuning/jobs/{id}`.
    func job(id: String) async throws -> OpenAIFineTuningJob {
        let response = try await send(.GET, "/fine_tuning/jobs/\(Self.escape(id))", what: "read job \(id)")
        return try decode(OpenAIFineTuningJob.self, response, what: "job \(id)")
    }

    /// `GET /fine_tuning/jobs?metadata[NAME]=VALUE`: a page of the jobs tagged with `metadata`,
    /// newest first; `after` continues with older ones.
    func jobs(metadata: [String: String], limit: Int, after: String? = nil) async throws -> OpenAIJobPage {
        var path = "/fine_tuning/jobs?limit=\(limit)"
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            path += "&" + Self.escape("metadata[\(name)]") + "=" + Self.escape(value)
        }
        if let after { path += "&after=\(Self.escape(after))" }
        let response = try await send(.GET, path, what: "list the fine-tuning jobs")
        return try decode(OpenAIJobPage.self, response, what: "a list of fine-tuning jobs")
    }

    /// `POST /fine_tuning/jobs/{id}/cancel`.
    func cancelJob(id: String) async throws -> OpenAIFineTuningJob {
        let response = try await send(
            .POST, "/fine_tuning/jobs/\(Self.escape(id))/cancel", idempotencyKey: Self.newIdempotencyKey(),
            what: "cancel job \(id)")
        return try decode(OpenAIFineTuningJob.self, response, what: "the cancelled job \(id)")
    }

    /// `GET /fine_tuning/jobs/{id}/events`: a page of events, newest first; `after` continues with
    /// older ones.
    func events(jobID: String, limit: Int, after: String? = nil) async throws -> OpenAIEventPage {
        var path = "/fine_tuning/jobs/\(Self.escape(jobID))/events?limit=\(limit)"
        if let after { path += "&after=\(Self.escape(after))" }
        let response = try await send(.GET, path, what: "read the events of job \(jobID)")
        return try decode(OpenAIEventPage.self, response, what: "the events of job \(jobID)")
    }

    // MARK: - Requests

    /// Sends a request, retrying as the policy says, and returns a 2xx answer.
    ///
    /// - Throws: ``OpenAIError`` for a final answer that is not 2xx, or when retries ran out;
    ///   `CancellationError` when the task was cancelled.
    func send(
        _ method: HTTPMethod, _ path: String, body: Data? = nil, contentType: String? = nil,
        idempotencyKey: String? = nil, timeout: Duration? = nil, what: String
    ) async throws -> Response {
        let policy = configuration.retry
        var retry = 0
        while true {
            try Task.checkCancellation()
            let failure: OpenAIError
            var retryAfterMilliseconds: String?
            var retryAfter: String?
            let retryable: Bool
            do {
                let response = try await execute(
                    method, path, body: body, contentType: contentType, idempotencyKey: idempotencyKey,
                    timeout: timeout ?? configuration.requestTimeout)
                logger.debug(
                    "OpenAI API request",
                    metadata: ["method": "\(method)", "path": "\(path)", "status": "\(response.0)"])
                if (200..<300).contains(response.0) { return Response(status: response.0, body: response.1) }
                retryAfterMilliseconds = response.2.first(name: "retry-after-ms")
                retryAfter = response.2.first(name: "retry-after")
                retryable = OpenAIRetryPolicy.shouldRetry(
                    status: response.0, shouldRetryHeader: response.2.first(name: "x-should-retry"))
                failure = refusal(status: response.0, body: response.1, what: what, retries: retry)
            } catch {
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                retryable = true
                failure = OpenAIError(
                    .unreachable,
                    configuration.apiKey.redact(
                        "Could not \(what): no answer from \(configuration.baseURL) (\(error))"
                            + (retry > 0 ? " after \(retry) retries" : "") + ". Check OPENAI_BASE_URL and the network.")
                )
            }
            guard retryable, retry < policy.maxRetries else { throw failure }
            retry += 1
            let delay = policy.delay(
                beforeRetry: retry, retryAfterMilliseconds: retryAfterMilliseconds, retryAfter: retryAfter, now: Date(),
                jitter: Double.random(in: 0...1))
            logger.warning(
                "OpenAI API: could not \(what); retrying",
                metadata: [
                    "status": "\(failure.status.map(String.init) ?? "no answer")", "retry": "\(retry)",
                    "of": "\(policy.maxRetries)", "in_seconds": "\(delay.timeInterval)",
                ])
            try await Task.sleep(for: delay)
        }
    }

    /// One try: the status, body and headers of the answer.
    private func execute(
        _ method: HTTPMethod, _ path: String, body: Data?, contentType: String?, idempotencyKey: String?,
        timeout: Duration
    ) async throws -> (Int, Data, HTTPHeaders) {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey.secret)")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "mocache")
        if let organization = configuration.organization {
            request.headers.add(name: "OpenAI-Organization", value: organization)
        }
        if let project = configuration.project { request.headers.add(name: "OpenAI-Project", value: project) }
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        if let body {
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let deadline = NIODeadline.now() + .nanoseconds(timeout.nanoseconds)
        let response = try await http.execute(request, deadline: deadline)
        let buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
        return (Int(response.status.code), Data(buffer.readableBytesView), response.headers)
    }

    /// The error for a final or retried non-2xx answer, with the service's message.
    private func refusal(status: Int, body: Data, what: String, retries: Int) -> OpenAIError {
        let detail = Self.errorDetail(body)
        // The service's message ends the sentence; its own full stop is kept, not doubled.
        let said = detail.message.map { ": " + ($0.hasSuffix(".") ? String($0.dropLast()) : $0) } ?? ""
        let codeText = detail.code.map { ", \($0)" } ?? ""
        let answered = "HTTP \(status)\(codeText)"
        let tries = retries > 0 ? " after \(retries) retries" : ""
        let code: OpenAIError.Code
        let message: String
        switch status {
        case 401, 403:
            code = .unauthorized
            message =
                "The service at \(configuration.baseURL) refused the API key (\(answered))\(said). "
                + "Check OPENAI_API_KEY (and OPENAI_ORG_ID / OPENAI_PROJECT_ID)."
        case 404:
            code = .notFound
            message = "Could not \(what): the service does not know it (\(answered))\(said)."
        case 429:
            code = .rateLimited
            message = "Could not \(what): still rate limited\(tries) (\(answered))\(said). Try again later."
        case 408, 409, 500...:
            code = .serviceFailure
            message = "Could not \(what): the service failed\(tries) (\(answered))\(said). Try again later."
        default:
            code = .rejected
            message = "Could not \(what): the service refused it (\(answered))\(said)."
        }
        return OpenAIError(code, configuration.apiKey.redact(message), status: status)
    }

    /// The `error.message` and `error.code` of an error body; the start of the body as the message
    /// when it is not the API's error shape.
    static func errorDetail(_ body: Data) -> (message: String?, code: String?) {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let error = object["error"] as? [String: Any]
        {
            let message = error["message"].flatMap { $0 as? String }
            let code = error["code"].flatMap { value -> String? in
                if let text = value as? String { return text }
                if let number = value as? NSNumber { return number.stringValue }
                return nil
            }
            return (message, code)
        }
        let text = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (text.isEmpty ? nil : text, nil)
    }

    /// Decodes a 2xx answer.
    private func decode<Value: Decodable>(_ type: Value.Type, _ response: Response, what: String) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: response.body)
        } catch {
            throw OpenAIError(
                .invalidResponse,
                configuration.apiKey.redact(
                    "The service at \(configuration.baseURL) answered HTTP \(response.status) with something that "
                        + "is not \(what) (\(error)). Is OPENAI_BASE_URL an OpenAI-compatible API?"),
                status: response.status)
        }
    }

    /// A path segment or query value made safe for a URL.
    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A fresh key for one creation, kept across its retries.
    static func newIdempotencyKey() -> String {
        "mocache-" + UUID().uuidString.lowercased()
    }
}
