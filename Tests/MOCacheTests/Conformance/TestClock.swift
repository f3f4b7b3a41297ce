import Foundation

/// A clock that only moves when a test moves it, for stores that take an injected clock.
///
/// `@unchecked Sendable` is safe: the only state, `now`, is read and written under `lock`.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// Makes a clock standing at `start`.
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = start
    }

    /// The time now.
    var now: Date {
        lock.withLock { current }
    }

    /// Moves the clock on by `seconds`.
    func advance(_ seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}
