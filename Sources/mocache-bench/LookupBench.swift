import Foundation
import MOCache

/// Timing of training-key lookups through the store and through the C API, shared by `lookup` and
/// `scale`.
enum LookupBench {
    /// The name of the store's figure in reports.
    static let storeName = "SQLiteCacheBackend.trainingRun(for:)"
    /// The name of the C API's figure in reports.
    static let rawName = "C API, one prepared statement"
    /// The name of the hit-path figure in reports.
    static let hitPathName = "trainingRun(for:) + recordHit"

    /// What a comparison found.
    struct Result {
        /// Lookups through ``SQLiteCacheBackend/trainingRun(for:)``.
        let store: Summary
        /// The same lookups through ``RawTrainingLookup``.
        let raw: Summary
        /// Lookups plus counting the hit.
        let hitPath: Summary
        /// Lookups that found nothing, or not a succeeded run (should be 0).
        let misses: Int
    }

    /// Looks up `lookups` random entries of `database` through the store and through the C API, in
    /// alternating rounds.
    static func compare(
        database: BenchDatabase, lookups: Int, warmup: Int, rounds: Int, seed: UInt64, withHitPath: Bool = true
    ) async throws -> Result {
        let store = database.store
        let raw = try RawTrainingLookup(path: database.path)
        let perRound = max(1, lookups / rounds)
        let keys = BenchKeys.randomOrder(count: perRound + warmup, entries: database.entries, seed: seed).map {
            BenchKeys.key($0)
        }
        var storeSamples: [Int64] = []
        var rawSamples: [Int64] = []
        var hitSamples: [Int64] = []
        var storeWall = Timing()
        var rawWall = Timing()
        var hitWall = Timing()
        var misses = 0
        for round in 0..<rounds {
            Progress.say("lookup round \(round + 1)/\(rounds): \(perRound) lookups each way")
            try await timed(keys: keys, warmup: warmup, samples: &rawSamples, wall: &rawWall) { key in
                if try raw.lookup(key) == nil { misses += 1 }
            }
            try await timed(keys: keys, warmup: warmup, samples: &storeSamples, wall: &storeWall) { key in
                guard let record = try await store.trainingRun(for: key), record.status == .succeeded else {
                    misses += 1
                    return
                }
            }
        }
        // The hit path writes (the counted hits, in batches): it runs after the comparison, so that its
        // writes never change the file under the rounds above.
        if withHitPath {
            for round in 0..<rounds {
                Progress.say("hit path round \(round + 1)/\(rounds)")
                try await timed(keys: keys, warmup: warmup, samples: &hitSamples, wall: &hitWall) { key in
                    guard let record = try await store.trainingRun(for: key), record.status == .succeeded else {
                        misses += 1
                        return
                    }
                    await store.recordHit(.training(record.id))
                }
                // The ledger writes of the round count in its CPU time, whenever they ran: the last ones
                // are written here, after waiting for any still under way.
                let cpuStart = MonotonicClock.processCPU()
                try await store.flushHits()
                hitWall.cpu += MonotonicClock.processCPU() - cpuStart
            }
        }
        return Result(
            store: Summary(nanoseconds: storeSamples, wallNanoseconds: storeWall.wall, cpuNanoseconds: storeWall.cpu),
            raw: Summary(nanoseconds: rawSamples, wallNanoseconds: rawWall.wall, cpuNanoseconds: rawWall.cpu),
            hitPath: Summary(nanoseconds: hitSamples, wallNanoseconds: hitWall.wall, cpuNanoseconds: hitWall.cpu),
            misses: misses)
    }

    /// Wall and CPU time added up over rounds.
    struct Timing {
        var wall: Int64 = 0
        var cpu: Int64 = 0
    }

    /// Runs `body` on the first `warmup` keys untimed, then on the rest timed, adding to `samples`.
    static func timed<Key>(
        keys: [Key], warmup: Int, samples: inout [Int64], wall: inout Timing,
        _ body: (Key) async throws -> Void
    ) async throws {
        let clock = ContinuousClock()
        for key in keys.prefix(warmup) { try await body(key) }
        let cpuStart = MonotonicClock.processCPU()
        let loopStart = clock.now
        for key in keys.dropFirst(warmup) {
            let start = clock.now
            try await body(key)
            samples.append(start.duration(to: clock.now).nanoseconds)
        }
        wall.wall += loopStart.duration(to: clock.now).nanoseconds
        wall.cpu += MonotonicClock.processCPU() - cpuStart
    }
}
