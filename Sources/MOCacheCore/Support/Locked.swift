import Synchronization

/// A value shared between tasks and threads behind a lock.
///
/// A class around `Mutex`, so that closures and tasks can capture it (a `Mutex` cannot be copied).
package final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    package init(_ value: Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with exclusive access to the value.
    package func withLock<Result: Sendable>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try mutex.withLock { value in try body(&value) }
    }

    /// A copy of the value.
    package var value: Value { mutex.withLock { $0 } }
}
