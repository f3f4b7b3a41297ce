import Foundation

/// A flag that a task's cancellation handler sets and a worker thread outside Swift concurrency
/// polls, since `Task.isCancelled` means nothing on such a thread.
///
/// It owns one lock-protected `Bool`. `@unchecked Sendable` is safe because the `Bool` is only read
/// and written while `lock` is held.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    /// Makes a flag that is not set.
    init() {}

    /// Sets the flag; it stays set.
    func cancel() {
        lock.withLock { cancelled = true }
    }

    /// Whether ``cancel()`` was called.
    var isCancelled: Bool {
        lock.withLock { cancelled }
    }
}
