import Foundation
import MOCacheCore

// MARK: - Hit ledger

extension SQLiteCacheBackend {
    /// Counts one hit served from an entry, in memory: serving a hit never writes, and never waits for a
    /// write.
    ///
    /// The counts are written in one transaction with the next write of any kind, on ``flushHits()`` and
    /// on ``close()``, and by a task of their own when 256 are waiting (the caller does not wait for it).
    /// A failure to write them is logged, and they wait for the next attempt. A read-only store does not
    /// count hits.
    public func recordHit(_ entry: EntryID) async {
        guard access == .readWrite else { return }
        let waiting = hitBuffer.add(entry, at: Date())
        guard waiting >= Self.hitFlushThreshold else { return }
        hitBuffer.flushInBackground { [self] in
            do {
                try await writeHits()
            } catch {
                logger.warning("Could not write \(waiting) cache hits to \(path) yet; will retry: \(error)")
            }
        }
    }

    /// Writes the counted hits now, in one transaction, after any write of them already under way.
    public func flushHits() async throws {
        await hitBuffer.backgroundFlushEnded()
        try await writeHits()
    }

    /// Writes the waiting hits, if any.
    private func writeHits() async throws {
        guard access == .readWrite, hitBuffer.count > 0 else { return }
        // Every write takes the waiting hits with it; this one carries nothing else.
        try await write { _ in () }
    }
}
