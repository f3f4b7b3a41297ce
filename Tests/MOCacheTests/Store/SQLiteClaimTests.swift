import Foundation
import GRDB
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// Claims, leases and finishing, against a real database file.
@Suite struct SQLiteClaimTests {
    let alice = StoreFixture.worker("alice", pid: 101)
    let bob = StoreFixture.worker("bob", pid: 202)

    @Test func aClaimCreatesAPendingRunUnderTheLeaseAndRecordsTheWorker() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let key = StoreFixture.trainingKey()
        #expect(try await store.trainingRun(for: key) == nil)

        let before = Date()
        let outcome = try await store.claimTrainingRun(
            for: key, config: StoreFixture.config, lease: StoreFixture.lease(alice, duration: 30))
        guard case .claimed(let record) = outcome else {
            Issue.record("expected a claim, got \(outcome)")
            return
        }
        #expect(record.status == .pending && record.key == key && record.config == StoreFixture.config)
        #expect(record.host == alice.host && record.pid == alice.pid)
        #expect(record.lease?.owner == alice.owner)
        let expiry = try #require(record.lease?.expiresAt)
        #expect(abs(expiry.timeIntervalSince(before) - 30) < 1)
        try await store.close()

        // The row reads well in SQL, with the times in the fixed format.
        try withRawDatabase(folder.path("cache.sqlite")) { db throws in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM training_runs"))
            #expect((row["status"] as String?) == "pending")
            #expect((row["lease_owner"] as String?) == "alice")
            let created: String = try #require(row["created_at"])
            #expect(created.count == 24 && created.hasSuffix("Z") && ISO8601Timestamp.parseExact(created) != nil)
            #expect((row["config_json"] as String?)?.hasPrefix(#"{"base_model":"tiny-llama""#) == true)
        }
    }

    @Test func aLiveLeaseIsHeldElsewhereAndAnExpiredOneIsTakenOverKeepingTheJobID() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let key = StoreFixture.trainingKey()
        _ = try await store.claimTrainingRun(
            for: key, config: StoreFixture.config, lease: StoreFixture.lease(alice, duration: 60))
        try await store.recordTrainingJobStarted(for: key, jobID: "job-7", worker: alice)

        let held = try await store.claimTrainingRun(
            for: key, config: StoreFixture.config, lease: StoreFixture.lease(bob, refresh: true))
        guard case .heldElsewhere(let record) = held else {
            Issue.record("expected held elsewhere, got \(held)")
            return
        }
        #expect(record.lease?.owner == alice.owner && record.status == .running)

        // Let Alice's lease run out, as it does when her process dies: it ended a second ago.
        #expect(try await store.renewLease(for: .training(key), owner: alice.owner, duration: -1))
        #expect(try await store.trainingRun(for: key)?.lease.map { $0.isLive(at: Date()) } == false)
        let taken = try await store.claimTrainingRun(
            for: key, config: StoreFixture.config, lease: StoreFixture.lease(bob))
        guard case .claimed(let takenOver) = taken else {
            Issue.record("expected a takeover, got \(taken)")
            return
        }
        #expect(takenOver.jobID == "job-7", "the successor must be able to re-attach to the job")
        #expect(takenOver.status == .pending && takenOver.lease?.owner == bob.owner)
        #expect(takenOver.startedAt != nil)

        // Alice's lease is gone: she can neither renew it nor record a failure over Bob's claim.
        #expect(try await store.renewLease(for: .training(key), owner: alice.owner, duration: 60) == false)
        let kept = try await store.finishTrainingRun(for: key, owner: alice.owner, outcome: .failed("late"))
        #expect(kept.status == .pending && kept.lease?.owner == bob.owner)
        #expect(try await store.renewLease(for: .training(key), owner: bob.owner, duration: 60))
        try await store.close()
    }

    @Test func aFailedRunIsNeverServedAndTheNextClaimResetsIt() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let key = StoreFixture.trainingKey()
        _ = try await store.claimTrainingRun(for: key, config: StoreFixture.config, lease: StoreFixture.lease(alice))
        try await store.recordTrainingJobStarted(for: key, jobID: "job-1", worker: alice)
        let failed = try await store.finishTrainingRun(for: key, owner: alice.owner, outcome: .failed("out of memory"))
        #expect(failed.status == .failed && failed.error == "out of memory" && failed.lease == nil)

        let again = try await store.claimTrainingRun(
            for: key, config: StoreFixture.config, lease: StoreFixture.lease(bob))
        guard case .claimed(let reset) = again else {
            Issue.record("a failed run must be claimed again, got \(again)")
            return
        }
        #expect(reset.id == failed.id && reset.status == .pending)
        #expect(reset.jobID == nil && reset.error == nil && reset.startedAt == nil && reset.finishedAt == nil)
        try await store.close()
    }

    @Test func aSuccessIsServedToEveryoneUnlessRefreshedAndIsNeverOverwritten() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let key = StoreFixture.trainingKey()
        let done = try await StoreFixture.trained(store, key, model: "model-a", worker: alice)
        #expect(done.status == .succeeded && done.modelID == "model-a" && done.lease == nil)
        #expect(done.metadata == .object(["loss": .number(0.5)]))
        #expect((done.computeSeconds ?? -1) >= 0)

        let served = try await store.claimTrainingRun(
            for: key, config: StoreFixture.config, lease: StoreFixture.lease(bob))
        #expect(served == .completed(done))
        // A late success or failure keeps the stored success.
        let late = try await store.finishTrainingRun(
            for: key, owner: bob.owner, outcome: .succeeded(modelID: "model-b", metadata: nil))
        #expect(late.modelID == "model-a")

        let refreshed = try await store.claimTrainingRun(
            for: key, config: StoreFixture.config, lease: StoreFixture.lease(bob, refresh: true))
        guard case .claimed(let record) = refreshed else {
            Issue.record("refresh must claim a succeeded run, got \(refreshed)")
            return
        }
        #expect(record.status == .pending && record.modelID == nil)
        try await store.recordTrainingJobStarted(for: key, jobID: "job-2", worker: bob)
        let redone = try await store.finishTrainingRun(
            for: key, owner: bob.owner, outcome: .succeeded(modelID: "model-c", metadata: nil))
        #expect(redone.modelID == "model-c" && redone.metadata == nil && redone.host == bob.host)
        try await store.close()
    }

    @Test func recordingOrFinishingAnUnknownKeyIsNotFound() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let key = StoreFixture.trainingKey()
        let started = await #expect(throws: MOCacheError.self) {
            try await store.recordTrainingJobStarted(for: key, jobID: "j", worker: alice)
        }
        #expect(started?.code == .notFound)
        let finished = await #expect(throws: MOCacheError.self) {
            try await store.finishEvalResult(for: StoreFixture.evalKey(), owner: "x", outcome: .failed("x"))
        }
        #expect(finished?.code == .notFound)
        #expect(try await store.renewLease(for: .training(key), owner: alice.owner, duration: 5) == false)
        try await store.close()
    }

    @Test func evaluationsAreClaimedAndLookedUpTaskByTask() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let mmlu = StoreFixture.evalKey(task: "mmlu")
        let arc = StoreFixture.evalKey(task: "arc")
        let gsm = StoreFixture.evalKey(task: "gsm8k")
        for key in [mmlu, arc] {
            _ = try await store.claimEvalResult(for: key, params: StoreFixture.params, lease: StoreFixture.lease(alice))
        }
        try await store.recordEvalJobStarted(for: mmlu, jobID: nil, worker: alice)
        try await store.finishEvalResult(
            for: mmlu, owner: alice.owner,
            outcome: .succeeded(metrics: ["accuracy": 0.625, "f1": 0.5], sampleCount: 8, logPath: "/logs/mmlu"))
        try await store.finishEvalResult(for: arc, owner: alice.owner, outcome: .cancelled("stopped"))

        let found = try await store.evalResults(for: [mmlu, arc, gsm])
        #expect(Set(found.keys) == [mmlu, arc])
        #expect(found[mmlu]?.metrics == ["accuracy": 0.625, "f1": 0.5])
        #expect(found[mmlu]?.sampleCount == 8 && found[mmlu]?.logPath == "/logs/mmlu")
        #expect(found[mmlu]?.jobID == nil && found[mmlu]?.startedAt != nil)
        #expect(found[arc]?.status == .cancelled && found[arc]?.error == "stopped")
        #expect(try await store.evalResults(for: [mmlu])[mmlu] == found[mmlu])
        #expect(try await store.evalResults(for: []).isEmpty)

        // The cancelled task is claimed again, the scored one is served.
        let outcomes = [
            try await store.claimEvalResult(for: mmlu, params: StoreFixture.params, lease: StoreFixture.lease(bob)),
            try await store.claimEvalResult(for: arc, params: StoreFixture.params, lease: StoreFixture.lease(bob)),
        ]
        #expect(outcomes[0] == .completed(try #require(found[mmlu])))
        #expect(outcomes[1].record.status == .pending && outcomes[1].record.error == nil)

        let nonFinite = await #expect(throws: MOCacheError.self) {
            try await store.finishEvalResult(
                for: arc, owner: bob.owner, outcome: .succeeded(metrics: ["loss": .nan], sampleCount: nil, logPath: nil)
            )
        }
        #expect(nonFinite?.code == .invalidInput)
        try await store.close()
    }

    @Test func concurrentClaimsFromManyTasksClaimOnce() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let key = StoreFixture.trainingKey()
        let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let outcome = try await store.claimTrainingRun(
                        for: key, config: StoreFixture.config,
                        lease: StoreFixture.lease(StoreFixture.worker("w\(index)")))
                    if case .claimed = outcome { return true }
                    return false
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(claims == 1)
        try await store.close()
    }

    @Test func uploadsAndTheHashMemoAreReplacedInPlace() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let hash = StoreFixture.hash("da")
        #expect(try await store.datasetUpload(backendID: "openai", datasetHash: hash) == nil)
        let first = DatasetUpload(
            backendID: "openai", datasetHash: hash, fileID: "file-1",
            uploadedAt: Date(timeIntervalSince1970: 1_700_000_000.25))
        try await store.recordDatasetUpload(first)
        #expect(try await store.datasetUpload(backendID: "openai", datasetHash: hash) == first)
        let second = DatasetUpload(
            backendID: "openai", datasetHash: hash, fileID: "file-2",
            uploadedAt: Date(timeIntervalSince1970: 1_700_000_100))
        try await store.recordDatasetUpload(second)
        #expect(try await store.datasetUploads() == [second])

        let file = FileIdentity(
            path: "/data/train.jsonl", device: UInt64.max - 3, inode: 1 << 63, size: 10, modificationTimeNanoseconds: 5)
        #expect(try await store.memoizedHash(for: file) == nil)
        try await store.memoizeHash(StoreFixture.hash("aa"), for: file)
        #expect(try await store.memoizedHash(for: file) == StoreFixture.hash("aa"))
        let touched = FileIdentity(
            path: file.path, device: file.device, inode: file.inode, size: 10, modificationTimeNanoseconds: 6)
        #expect(try await store.memoizedHash(for: touched) == nil, "a changed modification time must miss")
        try await store.memoizeHash(StoreFixture.hash("bb"), for: touched)
        #expect(try await store.memoizedHash(for: file) == nil)
        #expect(try await store.memoizedHash(for: touched) == StoreFixture.hash("bb"))
        #expect(try await store.fileHashMemos() == [FileHashMemo(file: touched, sha256: StoreFixture.hash("bb"))])

        let badHash = await #expect(throws: MOCacheError.self) {
            try await store.memoizeHash("not-a-hash", for: file)
        }
        #expect(badHash?.code == .invalidInput)
        try await store.close()
    }

    @Test func filtersListNewestFirstAndRemovalDeletes() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        var runs: [TrainingRunRecord] = []
        for (index, backend) in ["a", "b", "a"].enumerated() {
            runs.append(
                try await StoreFixture.trained(
                    store, StoreFixture.trainingKey(backend: backend, config: "c\(index)"), model: "m\(index)"))
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(try await store.trainingRuns(matching: TrainingRunFilter()).map(\.id) == runs.reversed().map(\.id))
        #expect(
            try await store.trainingRuns(matching: TrainingRunFilter(backendID: "a")).map(\.modelID) == ["m2", "m0"])
        #expect(
            try await store.trainingRuns(matching: TrainingRunFilter(configHashPrefix: "c1")).map(\.modelID) == ["m1"])
        #expect(try await store.trainingRuns(matching: TrainingRunFilter(limit: 1)).map(\.modelID) == ["m2"])
        #expect(try await store.trainingRuns(matching: TrainingRunFilter(status: .failed)).isEmpty)
        #expect(
            try await store.trainingRuns(matching: TrainingRunFilter(createdSince: runs[1].createdAt)).map(\.modelID)
                == ["m2", "m1"])
        #expect(
            try await store.evalResults(matching: EvalResultFilter(tasks: [])).isEmpty)

        #expect(try await store.removeEntries([.training(runs[0].id), .training(runs[0].id), .training(999)]) == 1)
        #expect(try await store.trainingRuns(matching: TrainingRunFilter()).count == 2)
        try await store.close()
    }
}
