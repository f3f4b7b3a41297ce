import Foundation
import Logging

/// Keeps a worker's leases alive while its job runs: renews them every third of the lease, retries a
/// renewal that fails (a busy database, say) at once and then every few moments, and notices a lease
/// that another worker took over.
///
/// Owns the renewal task, which runs until ``stop()``. A renewal that fails is logged as a warning and
/// retried, never given up: the lease must not run out while the job runs, or another worker would take
/// over and pay for the same job again. A lease found lost (the store says this worker no longer holds
/// it) is logged as a warning once; the owner's job goes on, and its finishing write keeps whatever
/// result the store holds by then.
final class LeaseHeartbeat: Sendable {
    private let task: Task<Void, Never>
    private let lostKeys: Locked<Set<EntryKey>>

    /// Starts renewing `keys` for `owner`.
    init(
        keys: [EntryKey], store: any CacheBackend, owner: String, duration: TimeInterval, logger: Logger
    ) {
        let lostKeys = Locked(Set<EntryKey>())
        self.lostKeys = lostKeys
        task = Task {
            let every = duration / 3
            let retry = min(max(every / 4, 0.05), 2)
            var delay = every
            var failures = 0
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .seconds(delay))
                } catch {
                    return
                }
                var failed = false
                for key in keys where !lostKeys.value.contains(key) {
                    do {
                        if try await !store.renewLease(for: key, owner: owner, duration: duration) {
                            lostKeys.withLock { _ = $0.insert(key) }
                            logger.warning(
                                "lost the lease to another worker: the job goes on; when it ends, the store's result is kept",
                                metadata: ["entry": "\(key)"])
                        }
                    } catch {
                        if Task.isCancelled { return }
                        failed = true
                        failures += 1
                        logger.warning(
                            "could not renew the lease; retrying",
                            metadata: ["entry": "\(key)", "attempt": "\(failures)", "error": "\(error)"])
                    }
                }
                if !failed && failures > 0 {
                    logger.info("lease renewed again after failures", metadata: ["failures": "\(failures)"])
                    failures = 0
                }
                if lostKeys.value.count == Set(keys).count { return }
                delay = failed ? retry : every
            }
        }
    }

    /// Whether the lease on `key` was found taken over by another worker.
    func lost(_ key: EntryKey) -> Bool {
        lostKeys.value.contains(key)
    }

    /// Stops renewing.
    func stop() {
        task.cancel()
    }
}
