import Foundation
import Logging
import MOCacheCore
import PostgresNIO

/// Listens for finished and removed entries (`LISTEN mocache_entry_changed`) and wakes the tasks of
/// this process that wait for them.
///
/// Owns one connection of its own, outside the store's pool, and the task that reads its
/// notifications. When the connection drops it connects again with backoff; meanwhile waiters fall
/// back to sleeping their poll interval, so a lost notification costs one poll, never a result.
final class PostgresChangeListener: Sendable {
    /// The channel migration 0003's triggers notify.
    static let channel = "mocache_entry_changed"

    /// One waiting task: the entries it waits for and how to wake it.
    private struct Waiter: Sendable {
        let entries: Set<EntryID>
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State: Sendable {
        /// Whether the connection is listening now.
        var listening = false
        /// Whether the listener was stopped.
        var stopped = false
        /// Waiting tasks by token.
        var waiters: [UInt64: Waiter] = [:]
        /// Tokens handed out whose task has not registered yet.
        var unregistered: Set<UInt64> = []
        /// Tokens whose task was cancelled before it registered.
        var cancelled: Set<UInt64> = []
        /// The last token handed out.
        var lastToken: UInt64 = 0
    }

    private let state = Locked(State())
    private let task = Locked<Task<Void, Never>?>(nil)

    /// Starts listening on a connection to `location`.
    init(location: PostgresLocation, logger: Logger) {
        let started = Task { [weak self] in
            guard let self else { return }
            await self.listen(location: location, logger: logger)
        }
        task.withLock { $0 = started }
    }

    /// Whether notifications are arriving now.
    var isListening: Bool { state.value.listening }

    /// Stops listening, closes the connection and wakes every waiter.
    func stop() {
        task.value?.cancel()
        let waiters = state.withLock { state in
            state.stopped = true
            state.listening = false
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.continuation.resume() }
    }

    /// Waits until one of `entries` is announced as changed, or `timeout` passed.
    func wait(for entries: [EntryID], timeout: Duration) async throws {
        guard isListening, !entries.isEmpty else {
            try await Task.sleep(for: timeout)
            return
        }
        let token = state.withLock { state in
            state.lastToken += 1
            state.unregistered.insert(state.lastToken)
            return state.lastToken
        }
        let wanted = Set(entries)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Task.sleep(for: timeout) }
            group.addTask { await self.notification(token: token, entries: wanted) }
            _ = try await group.next()
            group.cancelAll()
        }
        try Task.checkCancellation()
    }

    // MARK: - Waiting

    /// Returns when a notification names one of `entries`, when the listener stops, or when the task
    /// is cancelled.
    private func notification(token: UInt64, entries: Set<EntryID>) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    state.unregistered.remove(token)
                    if state.cancelled.remove(token) != nil || state.stopped { return true }
                    state.waiters[token] = Waiter(entries: entries, continuation: continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                if let waiter = state.waiters.removeValue(forKey: token) { return waiter }
                if state.unregistered.remove(token) != nil { state.cancelled.insert(token) }
                return nil
            }
            waiter?.continuation.resume()
        }
    }

    /// Wakes the waiters of the entry a notification names (all of them for a payload not understood).
    private func deliver(_ payload: String) {
        let entry = Self.entry(fromPayload: payload)
        let woken = state.withLock { state -> [Waiter] in
            let tokens = state.waiters.filter { entry.map($0.value.entries.contains) ?? true }.map(\.key)
            return tokens.compactMap { state.waiters.removeValue(forKey: $0) }
        }
        woken.forEach { $0.continuation.resume() }
    }

    /// The entry a payload (`training:12`, `eval:34`) names.
    static func entry(fromPayload payload: String) -> EntryID? {
        let parts = payload.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let id = Int64(parts[1]) else { return nil }
        switch parts[0] {
        case "training": return .training(id)
        case "eval": return .eval(id)
        default: return nil
        }
    }

    /// Marks the listener as listening or not; on starting to listen, wakes every waiter, which may
    /// have missed a notification while the connection was down.
    private func setListening(_ listening: Bool) {
        let woken = state.withLock { state -> [Waiter] in
            state.listening = listening && !state.stopped
            guard listening else { return [] }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        woken.forEach { $0.continuation.resume() }
    }

    // MARK: - The connection

    private func listen(location: PostgresLocation, logger: Logger) async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                let configuration = try location.connectionConfiguration(readOnly: false)
                let connection = try await PostgresConnection.connect(
                    configuration: configuration, id: 1, logger: logger)
                let outcome = await Result(awaiting: {
                    try await connection.listen(on: Self.channel) { notifications in
                        self.setListening(true)
                        for try await notification in notifications {
                            self.deliver(notification.payload)
                        }
                    }
                })
                setListening(false)
                try await connection.close()
                try outcome.get()
                delay = .milliseconds(100)
            } catch {
                setListening(false)
                if !Task.isCancelled {
                    logger.debug(
                        "not listening for finished entries; waiters poll",
                        metadata: ["store": "\(location)", "error": "\(error)"])
                }
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                return
            }
            delay = min(delay * 2, .seconds(5))
        }
    }
}
