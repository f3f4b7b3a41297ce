/// The cancel actions of a sweep's running jobs, so that Ctrl-C cancels every one of them through its
/// handle (which ends its process group and records it cancelled), as `mocache train` does for one.
///
/// An actor: it owns the table of running jobs. Once ``cancelAll()`` ran, a job registered later is
/// cancelled at once.
actor SweepHandles {
    typealias Cancel = @Sendable () async throws -> Void

    private var actions: [Int: Cancel] = [:]
    private var next = 0
    private var cancelled = false

    /// Registers a running job's cancel action; returns its token for ``remove(_:)``.
    func add(_ cancel: @escaping Cancel, onError: @escaping @Sendable (any Error) -> Void) async -> Int {
        next += 1
        if cancelled {
            do { try await cancel() } catch { onError(error) }
        } else {
            actions[next] = cancel
        }
        return next
    }

    /// Forgets a job that ended.
    func remove(_ token: Int) {
        actions[token] = nil
    }

    /// Cancels every running job, and every job registered after this.
    func cancelAll(onError: @escaping @Sendable (any Error) -> Void) async {
        cancelled = true
        let running = actions.values
        actions = [:]
        await withTaskGroup(of: Void.self) { group in
            for cancel in running {
                group.addTask {
                    do { try await cancel() } catch { onError(error) }
                }
            }
        }
    }
}
