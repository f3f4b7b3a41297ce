import Foundation
import GRDB
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// Hits are counted in memory and written in batches, never on the lookup path.
@Suite struct SQLiteHitLedgerTests {
    /// The hit counts as stored, read with a connection of its own.
    private func storedHits(_ path: String) throws -> [Int64: Int] {
        try withRawDatabase(path, readOnly: true) { db throws in
            let rows = try Row.fetchAll(db, sql: "SELECT id, hit_count FROM training_runs")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as Int64, $0["hit_count"] as Int) })
        }
    }

    @Test func hitsWaitInMemoryUntilFlushed() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let store = try await StoreFixture.store(folder)
        let run = try await StoreFixture.trained(store, StoreFixture.trainingKey(), model: "m")
        for _ in 0..<5 {
            let served = try #require(try await store.trainingRun(for: run.key))
            await store.recordHit(.training(served.id))
        }
        await store.recordHit(.training(run.id + 100))
        #expect(try storedHits(path)[run.id] == 0, "recordHit must not write")

        let before = Date()
        try await store.flushHits()
        #expect(try storedHits(path)[run.id] == 5)
        let stored = try #require(try await store.trainingRun(for: run.key))
        #expect(stored.hitCount == 5)
        #expect(
            stored.lastHitAt.map { $0 <= before.addingTimeInterval(0.01) && $0 > before.addingTimeInterval(-5) } == true
        )
        try withRawDatabase(path, readOnly: true) { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT hit_count FROM models") == 5)
            let saved = try #require(try Double.fetchOne(db, sql: "SELECT saved_s FROM models"))
            let duration = try #require(try Double.fetchOne(db, sql: "SELECT duration_s FROM models"))
            #expect(abs(saved - 5 * duration) < 0.01)
        }
        try await store.close()
    }

    @Test func theNextWriteCarriesTheWaitingHits() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let store = try await StoreFixture.store(folder)
        let run = try await StoreFixture.trained(store, StoreFixture.trainingKey(), model: "m")
        await store.recordHit(.training(run.id))
        await store.recordHit(.training(run.id))
        try await store.recordDatasetUpload(
            DatasetUpload(backendID: "b", datasetHash: StoreFixture.hash("d"), fileID: "f", uploadedAt: Date()))
        #expect(try storedHits(path)[run.id] == 2)
        try await store.close()
    }

    @Test func aFullBufferIsWrittenInOneGo() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let store = try await StoreFixture.store(folder)
        let run = try await StoreFixture.trained(store, StoreFixture.trainingKey(), model: "m")
        for _ in 0..<(SQLiteCacheBackend.hitFlushThreshold - 1) { await store.recordHit(.training(run.id)) }
        #expect(try storedHits(path)[run.id] == 0)
        await store.recordHit(.training(run.id))
        await store.hitBuffer.backgroundFlushEnded()
        #expect(try storedHits(path)[run.id] == SQLiteCacheBackend.hitFlushThreshold)
        try await store.close()
    }

    /// The hit that fills the buffer starts the write and returns: here the write waits for another
    /// connection's lock (up to the busy timeout of 10 minutes), and the hits are counted all the same.
    /// Before, that caller waited for the write: the test ran into its time limit.
    @Test(.timeLimit(.minutes(1)))
    func aFullBufferIsWrittenWithoutTheCallerWaiting() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let store = try await StoreFixture.store(folder, busyTimeout: 600)
        let run = try await StoreFixture.trained(store, StoreFixture.trainingKey(), model: "m")
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: path, configuration: configuration)
        try other.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE") }

        for _ in 0..<(2 * SQLiteCacheBackend.hitFlushThreshold) { await store.recordHit(.training(run.id)) }
        #expect(try await store.trainingRun(for: run.key)?.modelID == "m", "lookups go on meanwhile")
        try other.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        try other.close()
        try await store.flushHits()
        #expect(try storedHits(path)[run.id] == 2 * SQLiteCacheBackend.hitFlushThreshold, "no hit lost or doubled")
        try await store.close()
    }

    @Test func closingWritesTheHitsAndStatisticsCountThem() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let store = try await StoreFixture.store(folder)
        let run = try await StoreFixture.trained(store, StoreFixture.trainingKey(), model: "m")
        let eval = StoreFixture.evalKey()
        _ = try await store.claimEvalResult(for: eval, params: StoreFixture.params, lease: StoreFixture.lease(.current))
        try await store.recordEvalJobStarted(for: eval, jobID: "e", worker: .current)
        let result = try await store.finishEvalResult(
            for: eval, owner: Worker.current.owner,
            outcome: .succeeded(metrics: ["acc": 1], sampleCount: 1, logPath: nil))
        await store.recordHit(.training(run.id))
        await store.recordHit(.eval(result.id))
        await store.recordHit(.eval(result.id))
        let statistics = try await store.statistics()
        #expect(statistics.totalHits == 3)
        #expect(statistics.schemaVersion == SQLiteCacheBackend.supportedSchemaVersion)
        #expect((statistics.sizeBytes ?? 0) > 0)
        #expect(statistics.entries.map(\.kind) == ["eval", "training"])
        await store.recordHit(.training(run.id))
        try await store.close()
        #expect(try storedHits(path)[run.id] == 2)

        let closed = await #expect(throws: MOCacheError.self) { try await store.trainingRun(for: run.key) }
        #expect(closed?.code == .storeFailure)
    }

    @Test func aStoreDroppedWithoutClosingStillWritesItsHits() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        var store: SQLiteCacheBackend? = try await StoreFixture.store(folder)
        let run = try await StoreFixture.trained(try #require(store), StoreFixture.trainingKey(), model: "m")
        await store?.recordHit(.training(run.id))
        store = nil
        #expect(try storedHits(path)[run.id] == 1)
    }
}

/// The point lookups of the hit path: on the pool's writer connection while no write wants it, on a
/// reader otherwise (`SQLiteWriterSharing`).
@Suite struct SQLiteLookupTests {
    @Test func lookupsBesideWritesSeeTheLatestWrites() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let key = StoreFixture.trainingKey()
        _ = try await store.claimTrainingRun(
            for: key, config: StoreFixture.config, lease: StoreFixture.lease(StoreFixture.worker("w")))
        #expect(try await store.trainingRun(for: key)?.status == .pending)
        try await store.recordTrainingJobStarted(for: key, jobID: "j", worker: StoreFixture.worker("w"))
        try await store.finishTrainingRun(for: key, owner: "w", outcome: .succeeded(modelID: "m", metadata: nil))

        // Lookups while other tasks write: some take the writer, some a reader, all with the same answer.
        let models = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<64 {
                group.addTask {
                    if index % 4 == 0 {
                        try await StoreFixture.trained(store, StoreFixture.trainingKey(number: index), model: "x")
                    }
                    return try await store.trainingRun(for: key)?.modelID
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(models == Array(repeating: "m", count: 64))
        #expect(try await store.trainingRun(for: StoreFixture.trainingKey(config: "other")) == nil)
        try await store.close()

        let closed = await #expect(throws: MOCacheError.self) { try await store.trainingRun(for: key) }
        #expect(closed?.code == .storeFailure)
        #expect(closed?.message.contains("closed") == true, "\(String(describing: closed))")
    }

    /// A write waits for another process's lock on the writer connection; a lookup meanwhile reads on a
    /// reader instead of waiting behind it.
    @Test func aLookupDoesNotWaitBehindAWriteThatWaitsForALock() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        let store = try await StoreFixture.store(folder, busyTimeout: 60)
        let key = StoreFixture.trainingKey()
        try await StoreFixture.trained(store, key, model: "m")
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: path, configuration: configuration)
        try other.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE") }

        let write = Task {
            try await store.recordDatasetUpload(
                DatasetUpload(backendID: "b", datasetHash: StoreFixture.hash("d"), fileID: "f", uploadedAt: Date()))
        }
        // Wait until the write has announced itself, then give it time to reach the lock and wait there.
        while store.writerSharing.announcedWrites == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await store.trainingRun(for: key)?.modelID == "m")
        #expect(store.writerSharing.announcedWrites == 1, "the write finished before the lookup: it waited behind it")

        try other.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        try other.close()
        try await write.value
        #expect(try await store.datasetUpload(backendID: "b", datasetHash: StoreFixture.hash("d"))?.fileID == "f")
        try await store.close()
    }
}

/// The entry counts that triggers keep for the summary.
@Suite struct SQLiteEntryCountTests {
    @Test func theKeptCountsFollowEveryChange() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let worker = StoreFixture.worker("w")
        var ids: [EntryID] = []
        for index in 0..<6 {
            let key = StoreFixture.trainingKey(backend: index % 2 == 0 ? "even" : "odd", config: "c\(index)")
            _ = try await store.claimTrainingRun(for: key, config: .null, lease: StoreFixture.lease(worker))
            if index < 4 {
                try await store.recordTrainingJobStarted(for: key, jobID: "j\(index)", worker: worker)
                let run = try await store.finishTrainingRun(
                    for: key, owner: "w",
                    outcome: index < 2 ? .succeeded(modelID: "m\(index)", metadata: nil) : .failed("x"))
                ids.append(.training(run.id))
            }
        }
        let eval = StoreFixture.evalKey()
        _ = try await store.claimEvalResult(for: eval, params: .null, lease: StoreFixture.lease(worker))
        #expect(try await store.removeEntries([ids[0]]) == 1)

        let counts = try await store.statistics().entries.map { "\($0.kind) \($0.backendID) \($0.status) \($0.count)" }
        #expect(
            counts == [
                "eval harness pending 1", "training even failed 1", "training even pending 1", "training odd failed 1",
                "training odd pending 1", "training odd succeeded 1",
            ])
        #expect(try await store.verify().countProblems.isEmpty)
        try await store.close()
    }
}
