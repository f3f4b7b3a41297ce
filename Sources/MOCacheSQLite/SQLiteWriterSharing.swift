import Synchronization

/// Who uses the pool's writer connection: the store's writes, and, while no write wants it, the cache-hit
/// lookups.
///
/// A lookup is one prepared SELECT of about 6 µs, and reaching a connection must cost much less than that.
/// GRDB 7.10 reaches its writer connection (`writeWithoutTransaction`) through a serial queue: 0.35 µs on
/// the bench machine. It reaches a reader connection (`unsafeRead`) by checking one out of its pool and
/// checking its schema cache with a `PRAGMA schema_version`, on every call: 5.6 µs, about as much as the
/// lookup (mocache-bench `lookup --breakdown`, layers 1, 1b, 5 and 6: a lookup is 1.3x the C-API floor on
/// the writer, 3.4x on a reader). So a lookup runs on the writer when no write wants it, and on a reader
/// otherwise. It never queues behind a write, which may wait as long as the busy timeout for another
/// process's lock.
///
/// A write announces itself before it queues for the writer, then waits for the lookups already on the
/// writer to finish (microseconds each); lookups that come meanwhile go to the readers. So a lookup that
/// takes the writer finds its queue empty, or holding other lookups only.
///
/// It owns nothing but that count. The store's `deinit` writes its last hits without it: nothing can be
/// looking up then.
final class SQLiteWriterSharing: Sendable {
    private struct State {
        /// Lookups on the writer now.
        var lookups = 0
        /// Writes announced and not finished.
        var writes = 0
        /// Writes waiting for the lookups on the writer to finish.
        var waiting: [CheckedContinuation<Void, Never>] = []
        /// Whether the pool is closing: lookups never take the writer again, and fail on a reader with
        /// GRDB's "connection is closed" (its closed writer would only say "out of memory").
        var closed = false
    }

    private let state = Mutex(State())

    /// How many writes are announced and not finished.
    var announcedWrites: Int {
        state.withLock { $0.writes }
    }

    /// Takes the writer for one lookup when no write wants it. After `true`, call ``endLookup()`` when done.
    func beginLookup() -> Bool {
        state.withLock { state in
            guard state.writes == 0, !state.closed else { return false }
            state.lookups += 1
            return true
        }
    }

    /// Gives the writer back after a lookup, and lets the writes waiting for it go.
    func endLookup() {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.lookups -= 1
            guard state.lookups == 0 else { return [] }
            defer { state.waiting = [] }
            return state.waiting
        }
        for write in ready { write.resume() }
    }

    /// Runs `body`, which uses the writer, once the lookups on the writer have finished; lookups that
    /// come meanwhile go to the readers.
    func write<T>(_ body: () async throws -> T) async rethrows -> T {
        let announced = state.withLock { state -> Bool in
            guard state.lookups == 0 else { return false }
            state.writes += 1
            return true
        }
        if !announced {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    state.writes += 1
                    guard state.lookups > 0 else { return true }
                    state.waiting.append(continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        }
        defer { state.withLock { $0.writes -= 1 } }
        return try await body()
    }

    /// Stops lending the writer to lookups, once those on it have finished: the pool is about to close.
    func close() async {
        await write { state.withLock { $0.closed = true } }
    }
}
