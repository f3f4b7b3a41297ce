import Foundation
import Testing

@testable import MOCacheOpenAI

@Suite("OpenAI retry policy")
struct OpenAIRetryPolicyTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let policy = OpenAIRetryPolicy(
        maxRetries: 5, initialBackoff: .milliseconds(500), maxBackoff: .seconds(8), maxRetryAfter: .seconds(60))

    @Test("408, 409, 429 and 5xx are retried; other 4xx are not")
    func retryableStatuses() {
        for status in [408, 409, 429, 500, 502, 503, 504, 529] {
            #expect(OpenAIRetryPolicy.isRetryable(status: status), "\(status)")
        }
        for status in [400, 401, 403, 404, 413, 422] {
            #expect(!OpenAIRetryPolicy.isRetryable(status: status), "\(status)")
        }
        #expect(OpenAIRetryPolicy.shouldRetry(status: 400, shouldRetryHeader: "true"))
        #expect(!OpenAIRetryPolicy.shouldRetry(status: 503, shouldRetryHeader: "false"))
        #expect(OpenAIRetryPolicy.shouldRetry(status: 503, shouldRetryHeader: "maybe"))
    }

    @Test("Retry-After in seconds, as an HTTP date, and retry-after-ms (which wins) are honoured")
    func retryAfter() {
        func delay(_ milliseconds: String?, _ seconds: String?) -> Duration {
            policy.delay(beforeRetry: 1, retryAfterMilliseconds: milliseconds, retryAfter: seconds, now: now, jitter: 0)
        }
        #expect(delay(nil, "3") == .seconds(3))
        #expect(delay(nil, "0.25") == .milliseconds(250))
        #expect(delay("120", "3") == .milliseconds(120))
        #expect(delay(nil, "Tue, 14 Nov 2023 22:13:27 GMT") == .seconds(7))
        #expect(delay(nil, "Tuesday, 14-Nov-23 22:13:25 GMT") == .seconds(5))
        #expect(delay(nil, "Tue Nov 14 22:13:30 2023") == .seconds(10))
        #expect(delay(nil, "Tue, 14 Nov 2023 22:13:00 GMT") == .zero, "a date in the past means now")
        #expect(delay(nil, "3600") == .seconds(60), "capped at maxRetryAfter")
    }

    @Test("Without Retry-After: exponential backoff from 0.5 s to 8 s; jitter only shortens it")
    func backoff() {
        func delay(_ retry: Int, jitter: Double = 0) -> Duration {
            policy.delay(beforeRetry: retry, retryAfterMilliseconds: nil, retryAfter: nil, now: now, jitter: jitter)
        }
        #expect([1, 2, 3, 4, 5, 6].map { delay($0) } == [0.5, 1, 2, 4, 8, 8].map { .milliseconds(Int64($0 * 1000)) })
        #expect(delay(1, jitter: 1) == .milliseconds(375))
        #expect(delay(30) == .seconds(8))
        for unreadable in ["soon", "-3", "nan", ""] {
            #expect(
                policy.delay(beforeRetry: 2, retryAfterMilliseconds: nil, retryAfter: unreadable, now: now, jitter: 0)
                    == .seconds(1), "\(unreadable)")
        }
    }
}
