import Foundation

/// Which failed requests are tried again, how often, and how long to wait between tries.
///
/// Requests that failed on the way (no connection, a timeout) and answers 408, 409, 429 and 5xx are
/// retried; other 4xx answers are final. The wait before each retry is what the service asked for
/// (`retry-after-ms`, else `Retry-After` in seconds or as an HTTP date), up to ``maxRetryAfter``;
/// without one, an exponential backoff from ``initialBackoff`` to ``maxBackoff`` with jitter.
/// An `x-should-retry: true|false` header overrides the status.
public struct OpenAIRetryPolicy: Hashable, Sendable {
    /// How many times a request is tried again after its first failure.
    public let maxRetries: Int
    /// The backoff before the first retry when the service did not say how long to wait.
    public let initialBackoff: Duration
    /// The longest backoff when the service did not say how long to wait.
    public let maxBackoff: Duration
    /// The longest wait honoured when the service says how long to wait.
    public let maxRetryAfter: Duration

    /// Makes a policy.
    public init(
        maxRetries: Int = 5, initialBackoff: Duration = .milliseconds(500), maxBackoff: Duration = .seconds(8),
        maxRetryAfter: Duration = .seconds(120)
    ) {
        self.maxRetries = max(0, maxRetries)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
    }

    /// Whether an answer with this status is worth trying again: 408, 409, 429 and 5xx.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || status >= 500
    }

    /// Whether an answer is tried again: `x-should-retry` when the service sent it, else the status.
    static func shouldRetry(status: Int, shouldRetryHeader: String?) -> Bool {
        switch shouldRetryHeader?.lowercased() {
        case "true": true
        case "false": false
        default: isRetryable(status: status)
        }
    }

    /// How long to wait before retry number `retry` (1 for the first).
    ///
    /// - Parameters:
    ///   - retry: 1 for the first retry, 2 for the second, ...
    ///   - retryAfterMilliseconds: The `retry-after-ms` header, when sent.
    ///   - retryAfter: The `Retry-After` header, when sent: seconds, or an HTTP date.
    ///   - now: The time now, to read an HTTP date against.
    ///   - jitter: A number in 0...1 that spreads the backoff of clients that failed together.
    func delay(
        beforeRetry retry: Int, retryAfterMilliseconds: String?, retryAfter: String?, now: Date, jitter: Double
    ) -> Duration {
        if let asked = Self.askedDelay(retryAfterMilliseconds: retryAfterMilliseconds, retryAfter: retryAfter, now: now)
        {
            return min(asked, maxRetryAfter)
        }
        let exponent = Double(max(0, min(retry - 1, 30)))
        let backoff = min(initialBackoff.timeInterval * pow(2, exponent), maxBackoff.timeInterval)
        let spread = backoff * (1 - 0.25 * min(max(jitter, 0), 1))
        return .milliseconds(Int64((spread * 1_000).rounded()))
    }

    /// The wait the service asked for, or `nil` when it asked for none (or for something unreadable
    /// or negative).
    static func askedDelay(retryAfterMilliseconds: String?, retryAfter: String?, now: Date) -> Duration? {
        if let text = retryAfterMilliseconds?.trimmingCharacters(in: .whitespaces), let milliseconds = Double(text),
            milliseconds.isFinite, milliseconds >= 0
        {
            return .milliseconds(Int64(milliseconds.rounded()))
        }
        guard let text = retryAfter?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Double(text) {
            guard seconds.isFinite, seconds >= 0 else { return nil }
            return .milliseconds(Int64((seconds * 1_000).rounded()))
        }
        guard let date = HTTPDate.parse(text) else { return nil }
        let seconds = date.timeIntervalSince(now)
        return .milliseconds(Int64((max(0, seconds) * 1_000).rounded()))
    }
}
