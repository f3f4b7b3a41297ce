import MOCacheCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process group a child leads, and how it ends.
///
/// Owns the decision to end the group. ``terminate(grace:)`` sends SIGTERM to every member, then SIGKILL
/// to whatever is left of the group after the grace period. It signals the group, not the child, so
/// helpers that ignore SIGTERM and outlive the child end too. The group id is the child's pid: the kernel
/// gives that number to no other process while any member of the group lives, and the child itself is not
/// reaped before its output is read, so the signals reach no stranger.
package final class ProcessGroup: Sendable {
    /// How long the members have between SIGTERM and SIGKILL.
    package static let gracePeriod: Duration = .seconds(3)

    private enum Phase: Sendable {
        /// The group runs (or has not started yet); nobody asked it to end.
        case running
        /// ``terminate(grace:)`` was called; the task ends the group.
        case ending(Task<Void, Never>)
        /// The child ended by itself and its group was not asked to end.
        case ended
    }

    private struct State: Sendable {
        var leader: pid_t?
        var phase = Phase.running
        /// The grace period of a ``terminate(grace:)`` that came before the child started.
        var pendingGrace: Duration?

        /// Sends SIGTERM to the group and starts the task that finishes it off.
        mutating func beginEnding(_ leader: pid_t, grace: Duration) {
            kill(-leader, SIGTERM)
            phase = .ending(Task { await ProcessGroup.end(leader, grace: grace) })
        }
    }

    private let state = Locked(State())

    /// Records the child that leads the group, once it runs; ends the group at once when
    /// ``terminate(grace:)`` came first.
    func started(leader: pid_t) {
        state.withLock { state in
            state.leader = leader
            if let grace = state.pendingGrace, case .running = state.phase {
                state.beginEnding(leader, grace: grace)
            }
        }
    }

    /// Ends the whole group: SIGTERM now, SIGKILL after `grace` to whatever is left. Before the child
    /// started, this happens the moment it starts. Does nothing after the child ended by itself, or when
    /// the group is already ending.
    func terminate(grace: Duration = gracePeriod) {
        state.withLock { state in
            guard case .running = state.phase else { return }
            guard let leader = state.leader else {
                state.pendingGrace = grace
                return
            }
            state.beginEnding(leader, grace: grace)
        }
    }

    /// Called once the child has ended: waits until the group is gone when it was asked to end, and says
    /// whether it was.
    func waitUntilEnded() async -> Bool {
        let ending = state.withLock { state -> Task<Void, Never>? in
            if case .ending(let task) = state.phase { return task }
            state.phase = .ended
            return nil
        }
        guard let ending else { return false }
        await ending.value
        return true
    }

    /// Waits until the group `group` is gone or `grace` has passed, then sends SIGKILL to what is left of
    /// it and waits a moment for the kernel to deliver it.
    fileprivate static func end(_ group: pid_t, grace: Duration) async {
        await waitUntilGone(group, for: grace)
        guard exists(group) else { return }
        kill(-group, SIGKILL)
        await waitUntilGone(group, for: .seconds(1))
    }

    private static func waitUntilGone(_ group: pid_t, for span: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now + span
        while exists(group) && clock.now < deadline {
            do {
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                return  // not reached: nobody cancels the ending task
            }
        }
    }

    /// Whether any process is in the group (zombies included, until they are reaped).
    private static func exists(_ group: pid_t) -> Bool {
        kill(-group, 0) == 0 || errno == EPERM
    }
}
