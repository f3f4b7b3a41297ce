import Foundation
import MOCacheCore
import Testing

/// The hit ledger and the statistics built on it.
enum HitLedgerChecks {
    /// The checks of this group, in the order of the functions below.
    static let checks: [StoreConformanceCheck] = [
        StoreConformanceCheck("hit ledger: hits are counted once flushed", hitsAreCountedOnceFlushed),
        StoreConformanceCheck("hit ledger: statistics count entries and savings", statisticsCountEntriesAndSavings),
    ]

    static func hitsAreCountedOnceFlushed(_ store: any CacheBackend) async throws {
        let trainingKey = Fixture.trainingKey()
        let evalKey = Fixture.evalKey()
        let idle = Fixture.trainingKey(config: "1d1e")
        let run = try await Fixture.finishedTraining(store, trainingKey, outcome: Fixture.trained("m"))
        let result = try await Fixture.finishedEval(store, evalKey, outcome: Fixture.scored)
        try await Fixture.finishedTraining(store, idle, outcome: Fixture.trained("idle"))

        let before = Date()
        for _ in 0..<3 { await store.recordHit(.training(run.id)) }
        for _ in 0..<2 { await store.recordHit(.eval(result.id)) }
        // Hits on ids that do not exist are dropped without harm.
        await store.recordHit(.training(run.id + 1_000))
        await store.recordHit(.eval(result.id + 1_000))
        try await store.flushHits()
        let after = Date()

        let servedRun = try #require(try await store.trainingRun(for: trainingKey))
        #expect(servedRun.hitCount == 3)
        #expect(Fixture.isWithin(servedRun.lastHitAt, before, after))
        let servedResult = try #require(try await store.evalResults(for: [evalKey])[evalKey])
        #expect(servedResult.hitCount == 2)
        #expect(Fixture.isWithin(servedResult.lastHitAt, before, after))
        let idleRun = try #require(try await store.trainingRun(for: idle))
        #expect(idleRun.hitCount == 0 && idleRun.lastHitAt == nil)

        // More hits add up, and move the last hit time on.
        try await Fixture.tick()
        let later = Date()
        await store.recordHit(.training(run.id))
        try await store.flushHits()
        let again = try #require(try await store.trainingRun(for: trainingKey))
        #expect(again.hitCount == 4)
        #expect(Fixture.isWithin(again.lastHitAt, later, Date()))
        #expect(try await store.statistics().totalHits == 6)
    }

    static func statisticsCountEntriesAndSavings(_ store: any CacheBackend) async throws {
        // alpha: training succeeded (with compute time), failed, pending; eval succeeded twice, running.
        // beta: training succeeded; eval failed.
        let alphaRun = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(backend: "alpha", config: "a1"), outcome: Fixture.trained("m-a"),
            computeTime: .milliseconds(60))
        try await Fixture.finishedTraining(
            store, Fixture.trainingKey(backend: "alpha", config: "a2"), outcome: .failed("boom"))
        _ = try await Fixture.claimTraining(
            store, Fixture.trainingKey(backend: "alpha", config: "a3"), by: .current)
        let betaRun = try await Fixture.finishedTraining(
            store, Fixture.trainingKey(backend: "beta", config: "b1"), outcome: Fixture.trained("m-b"),
            computeTime: .milliseconds(40))
        let alphaEval = try await Fixture.finishedEval(
            store, Fixture.evalKey(backend: "alpha", task: "mmlu"), outcome: Fixture.scored,
            computeTime: .milliseconds(50))
        try await Fixture.finishedEval(
            store, Fixture.evalKey(backend: "alpha", task: "arc"), outcome: Fixture.scored)
        let running = Fixture.evalKey(backend: "alpha", task: "gsm8k")
        _ = try await Fixture.claimEval(store, running, by: .current)
        try await store.recordEvalJobStarted(for: running, jobID: nil, worker: .current)
        try await Fixture.finishedEval(store, Fixture.evalKey(backend: "beta", task: "mmlu"), outcome: .failed("x"))
        try await store.recordDatasetUpload(
            DatasetUpload(backendID: "alpha", datasetHash: Fixture.hash("d"), fileID: "f", uploadedAt: Date()))
        for index in 0..<3 {
            try await store.memoizeHash(
                Fixture.hash("e"),
                for: FileIdentity(path: "/f\(index)", device: 1, inode: 1, size: 1, modificationTimeNanoseconds: 1))
        }

        for _ in 0..<3 { await store.recordHit(.training(alphaRun.id)) }
        for _ in 0..<2 { await store.recordHit(.eval(alphaEval.id)) }
        await store.recordHit(.training(betaRun.id))
        try await store.flushHits()

        let stats = try await store.statistics()
        let expected: Set<CacheStatistics.EntryCount> = [
            .init(kind: "training", backendID: "alpha", status: .succeeded, count: 1),
            .init(kind: "training", backendID: "alpha", status: .failed, count: 1),
            .init(kind: "training", backendID: "alpha", status: .pending, count: 1),
            .init(kind: "training", backendID: "beta", status: .succeeded, count: 1),
            .init(kind: "eval", backendID: "alpha", status: .succeeded, count: 2),
            .init(kind: "eval", backendID: "alpha", status: .running, count: 1),
            .init(kind: "eval", backendID: "beta", status: .failed, count: 1),
        ]
        #expect(Set(stats.entries) == expected)
        #expect(stats.entries.count == expected.count)
        #expect(stats.datasetUploads == 1)
        #expect(stats.memoizedFiles == 3)
        #expect(stats.schemaVersion >= 0)

        // Savings: each hit saves its entry's compute time, read back from the store. A store may
        // compute durations in SQL (julianday), which is exact to about a tenth of a millisecond.
        let tolerance = 1e-3
        let alphaSeconds = try #require(try await store.trainingRun(for: alphaRun.key)?.computeSeconds)
        let betaSeconds = try #require(try await store.trainingRun(for: betaRun.key)?.computeSeconds)
        let evalSeconds = try #require(
            try await store.evalResults(for: [alphaEval.key])[alphaEval.key]?.computeSeconds)
        #expect(alphaSeconds >= 0.05 && betaSeconds >= 0.03 && evalSeconds >= 0.04)
        let alpha = try #require(stats.savings.first { $0.backendID == "alpha" })
        #expect(alpha.hits == 5)
        #expect(abs(alpha.savedSeconds - (3 * alphaSeconds + 2 * evalSeconds)) < tolerance)
        let beta = try #require(stats.savings.first { $0.backendID == "beta" })
        #expect(beta.hits == 1)
        #expect(abs(beta.savedSeconds - betaSeconds) < tolerance)
        #expect(stats.savings.allSatisfy { ["alpha", "beta"].contains($0.backendID) })
        #expect(stats.totalHits == 6)
        #expect(abs(stats.totalSavedSeconds - (3 * alphaSeconds + 2 * evalSeconds + betaSeconds)) < tolerance)
    }
}
