import Foundation
import MOCacheCore
import Testing

/// Claims, job starts and finishes of training runs.
enum TrainingClaimChecks {
    static let alice = Fixture.worker("alice", pid: 101)
    static let bob = Fixture.worker("bob", pid: 202)

    /// The checks of this group, in the order of the functions below.
    static let checks: [StoreConformanceCheck] = [
        StoreConformanceCheck(
            "training claims: the first claim creates a pending entry under the lease",
            firstClaimCreatesAPendingEntryUnderTheLease),
        StoreConformanceCheck(
            "training claims: a live lease of another worker is held elsewhere",
            aLiveLeaseOfAnotherWorkerIsHeldElsewhere),
        StoreConformanceCheck(
            "training claims: recording the job start marks the run running", recordingTheJobStartMarksTheRunRunning),
        StoreConformanceCheck(
            "training claims: a succeeded run is completed for everyone", aSucceededRunIsCompletedForEveryone),
        StoreConformanceCheck(
            "training claims: refresh claims a succeeded run and overwrites it",
            refreshClaimsASucceededRunAndOverwritesIt),
        StoreConformanceCheck("training claims: a failed run is reset by the next claim") {
            try await aFailedOrCancelledRunIsResetByTheNextClaim($0, outcome: .failed("out of memory"))
        },
        StoreConformanceCheck("training claims: a cancelled run is reset by the next claim") {
            try await aFailedOrCancelledRunIsResetByTheNextClaim($0, outcome: .cancelled("stopped by user"))
        },
        StoreConformanceCheck(
            "training claims: an expired lease is taken over keeping the job ID",
            anExpiredLeaseIsTakenOverKeepingTheJobID),
        StoreConformanceCheck(
            "training claims: an expired claim without a job is taken over", anExpiredClaimWithoutAJobIsTakenOver),
        StoreConformanceCheck(
            "training claims: a success is recorded even without the lease", aSuccessIsRecordedEvenWithoutTheLease),
        StoreConformanceCheck("training claims: a stored success is kept", aStoredSuccessIsKept),
        StoreConformanceCheck("training claims: a failure is recorded only by the lease holder") {
            try await aFailureIsRecordedOnlyByTheLeaseHolder($0, outcome: .failed("not mine"))
        },
        StoreConformanceCheck("training claims: a cancellation is recorded only by the lease holder") {
            try await aFailureIsRecordedOnlyByTheLeaseHolder($0, outcome: .cancelled("not mine"))
        },
        StoreConformanceCheck(
            "training claims: two workers racing for a key claim it once", twoWorkersRacingForAKeyClaimItOnce),
        StoreConformanceCheck(
            "training claims: many workers racing for one key claim it once", manyWorkersRacingForOneKeyClaimItOnce),
        StoreConformanceCheck(
            "training claims: a batch lookup finds what single lookups find, in any status",
            aBatchLookupFindsWhatSingleLookupsFind),
    ]

    static func aBatchLookupFindsWhatSingleLookupsFind(_ store: any CacheBackend) async throws {
        #expect(try await store.trainingRuns(for: []).isEmpty)
        let succeeded = Fixture.trainingKey(config: "a1")
        let failed = Fixture.trainingKey(config: "b2")
        let pending = Fixture.trainingKey(config: "c3")
        let otherBackend = Fixture.trainingKey(backend: "remote", config: "a1")
        let missing = Fixture.trainingKey(config: "d4")
        try await Fixture.finishedTraining(store, succeeded, outcome: Fixture.trained("m-1"), worker: alice)
        try await Fixture.finishedTraining(store, failed, outcome: .failed("out of memory"), worker: alice)
        _ = try await store.claimTrainingRun(for: pending, config: Fixture.config(), lease: Fixture.lease(alice))
        #expect(try await store.trainingRuns(for: [missing]).isEmpty)

        let keys = [succeeded, failed, pending, otherBackend, missing, succeeded]
        let found = try await store.trainingRuns(for: keys)
        #expect(Set(found.keys) == [succeeded, failed, pending])
        for key in [succeeded, failed, pending] {
            #expect(found[key] == (try await store.trainingRun(for: key)), "\(key)")
        }
        #expect(found[succeeded]?.modelID == "m-1")
        #expect(found[failed]?.status == .failed)
        #expect(found[pending]?.status == .pending)
        #expect(try await store.trainingRuns(for: [pending])[pending]?.status == .pending)
    }

    static func firstClaimCreatesAPendingEntryUnderTheLease(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        #expect(try await store.trainingRun(for: key) == nil)

        let before = Date()
        let outcome = try await store.claimTrainingRun(
            for: key, config: Fixture.config(), lease: Fixture.lease(alice, duration: 60))
        let after = Date()
        let record = try #require(outcome.claimedRecord)
        #expect(record.key == key)
        #expect(record.config == Fixture.config())
        #expect(record.status == .pending)
        #expect(record.jobID == nil && record.modelID == nil && record.error == nil)
        #expect(record.startedAt == nil && record.finishedAt == nil)
        #expect(record.hitCount == 0 && record.lastHitAt == nil)
        #expect(record.lease?.owner == alice.owner)
        #expect(Fixture.isWithin(record.createdAt, before, after))
        #expect(
            Fixture.isWithin(record.lease?.expiresAt, before.addingTimeInterval(60), after.addingTimeInterval(60)))

        let stored = try #require(try await store.trainingRun(for: key))
        #expect(stored.id == record.id)
        #expect(stored.status == .pending)
        #expect(stored.config == Fixture.config())
        #expect(stored.lease?.owner == alice.owner)
        #expect(Fixture.isClose(stored.createdAt, record.createdAt))

        let other = Fixture.trainingKey(config: "c0f2")
        #expect(try await store.trainingRun(for: other) == nil)
        let second = try await Fixture.claimTraining(store, other, by: alice)
        #expect(second.id > record.id)
    }

    static func aLiveLeaseOfAnotherWorkerIsHeldElsewhere(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        let claimed = try await Fixture.claimTraining(store, key, by: alice)
        try await store.recordTrainingJobStarted(for: key, jobID: "job-1", worker: alice)

        for refresh in [false, true] {
            let outcome = try await store.claimTrainingRun(
                for: key, config: Fixture.config(), lease: Fixture.lease(bob, refresh: refresh))
            let held = try #require(outcome.heldElsewhereRecord, "refresh: \(refresh), got \(outcome)")
            #expect(held.id == claimed.id)
            #expect(held.lease?.owner == alice.owner)
            #expect(held.status == .running)
        }
        let stored = try #require(try await store.trainingRun(for: key))
        #expect(stored.lease?.owner == alice.owner)
        #expect(stored.status == .running)
        #expect(stored.jobID == "job-1")
    }

    static func recordingTheJobStartMarksTheRunRunning(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        _ = try await Fixture.claimTraining(store, key, by: alice)
        let before = Date()
        try await store.recordTrainingJobStarted(for: key, jobID: "job-1", worker: alice)
        let after = Date()
        let started = try #require(try await store.trainingRun(for: key))
        #expect(started.status == .running)
        #expect(started.jobID == "job-1")
        #expect(started.host == alice.host && started.pid == alice.pid)
        #expect(Fixture.isWithin(started.startedAt, before, after))
        #expect(started.lease?.owner == alice.owner)

        // A second start keeps the first start time, and records the new job and worker.
        try await Fixture.tick()
        try await store.recordTrainingJobStarted(for: key, jobID: "job-2", worker: bob)
        let restarted = try #require(try await store.trainingRun(for: key))
        #expect(restarted.status == .running)
        #expect(restarted.jobID == "job-2")
        #expect(restarted.host == bob.host && restarted.pid == bob.pid)
        #expect(Fixture.isClose(restarted.startedAt, started.startedAt))
    }

    static func aSucceededRunIsCompletedForEveryone(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        let claimed = try await Fixture.claimTraining(store, key, by: alice)
        try await store.recordTrainingJobStarted(for: key, jobID: "job-1", worker: alice)
        let before = Date()
        let metadata: JSONValue = .object(["loss": .number(0.125), "steps": .array([.number(1), .number(2)])])
        let finished = try await store.finishTrainingRun(
            for: key, owner: alice.owner, outcome: .succeeded(modelID: "ft:model-1", metadata: metadata))
        let after = Date()
        #expect(finished.id == claimed.id)
        #expect(finished.status == .succeeded)
        #expect(finished.modelID == "ft:model-1")
        #expect(finished.metadata == metadata)
        #expect(finished.jobID == "job-1")
        #expect(finished.error == nil)
        #expect(finished.lease == nil)
        #expect(Fixture.isWithin(finished.finishedAt, before, after))

        let stored = try #require(try await store.trainingRun(for: key))
        #expect(stored.status == .succeeded && stored.modelID == "ft:model-1" && stored.lease == nil)
        #expect(stored.metadata == metadata)

        for worker in [alice, bob] {
            let outcome = try await store.claimTrainingRun(
                for: key, config: Fixture.config(), lease: Fixture.lease(worker))
            let completed = try #require(outcome.completedRecord, "\(worker.owner) got \(outcome)")
            #expect(completed.id == claimed.id)
            #expect(completed.modelID == "ft:model-1")
            #expect(completed.lease == nil)
        }
    }

    static func refreshClaimsASucceededRunAndOverwritesIt(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        let first = try await Fixture.finishedTraining(
            store, key, outcome: Fixture.trained("model-1"), worker: alice)

        let outcome = try await store.claimTrainingRun(
            for: key, config: Fixture.config(), lease: Fixture.lease(bob, refresh: true))
        let claimed = try #require(outcome.claimedRecord, "got \(outcome)")
        #expect(claimed.id == first.id)
        #expect(claimed.status == .pending)
        #expect(claimed.lease?.owner == bob.owner)
        // The old job and model are not re-attached: refreshing means running again.
        #expect(claimed.jobID == nil && claimed.modelID == nil)

        // While the refresh runs, others wait instead of being served the old model.
        let waiting = try await store.claimTrainingRun(
            for: key, config: Fixture.config(), lease: Fixture.lease(alice))
        #expect(waiting.heldElsewhereRecord?.lease?.owner == bob.owner)

        try await store.recordTrainingJobStarted(for: key, jobID: "job-new", worker: bob)
        let finished = try await store.finishTrainingRun(
            for: key, owner: bob.owner, outcome: Fixture.trained("model-2"))
        #expect(finished.status == .succeeded && finished.modelID == "model-2" && finished.jobID == "job-new")
        #expect(try await store.trainingRun(for: key)?.modelID == "model-2")
    }

    static func aFailedOrCancelledRunIsResetByTheNextClaim(_ store: any CacheBackend, outcome: TrainingOutcome)
        async throws
    {
        let key = Fixture.trainingKey()
        let ended = try await Fixture.finishedTraining(store, key, outcome: outcome, worker: alice)
        let expectedStatus: EntryStatus = if case .failed = outcome { .failed } else { .cancelled }
        let expectedError = if case .failed(let message) = outcome { message } else { "stopped by user" }
        #expect(ended.status == expectedStatus)
        #expect(ended.error == expectedError)
        #expect(ended.modelID == nil)
        #expect(ended.lease == nil)
        #expect(ended.finishedAt != nil)
        #expect(ended.jobID != nil)

        let stored = try #require(try await store.trainingRun(for: key))
        #expect(stored.status == expectedStatus && stored.error == expectedError)

        let next = try await store.claimTrainingRun(for: key, config: Fixture.config(), lease: Fixture.lease(bob))
        let claimed = try #require(next.claimedRecord, "got \(next)")
        #expect(claimed.id == ended.id)
        #expect(claimed.status == .pending)
        #expect(claimed.jobID == nil)
        #expect(claimed.error == nil)
        #expect(claimed.modelID == nil)
        #expect(claimed.lease?.owner == bob.owner)
        let reset = try #require(try await store.trainingRun(for: key))
        #expect(reset.status == .pending && reset.jobID == nil && reset.error == nil && reset.modelID == nil)
    }

    static func anExpiredLeaseIsTakenOverKeepingTheJobID(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        let claimed = try await Fixture.claimTraining(store, key, by: alice, duration: 600)
        try await store.recordTrainingJobStarted(for: key, jobID: "job-1", worker: alice)
        let early = try await store.claimTrainingRun(for: key, config: Fixture.config(), lease: Fixture.lease(bob))
        #expect(early.heldElsewhereRecord != nil, "the lease is still live: \(early)")

        // Alice's lease runs out, as when her process dies: it ended a moment ago. (Renewing with a
        // negative duration does this at once, so the test holds on a slow, loaded machine.)
        #expect(try await store.renewLease(for: .training(key), owner: alice.owner, duration: -1))
        let outcome = try await store.claimTrainingRun(
            for: key, config: Fixture.config(), lease: Fixture.lease(bob))
        let taken = try #require(outcome.claimedRecord, "got \(outcome)")
        #expect(taken.id == claimed.id)
        #expect(taken.jobID == "job-1")
        #expect(taken.status == .pending)
        #expect(taken.lease?.owner == bob.owner)
        #expect(try await store.trainingRun(for: key)?.lease?.owner == bob.owner)

        // The old holder lost the lease: it cannot renew it, and its failure is not recorded.
        #expect(try await store.renewLease(for: .training(key), owner: alice.owner, duration: 60) == false)
        let ignored = try await store.finishTrainingRun(for: key, owner: alice.owner, outcome: .failed("lost"))
        #expect(ignored.status == .pending && ignored.error == nil && ignored.lease?.owner == bob.owner)
        let stored = try #require(try await store.trainingRun(for: key))
        #expect(stored.status == .pending && stored.error == nil && stored.lease?.owner == bob.owner)
        #expect(try await store.renewLease(for: .training(key), owner: bob.owner, duration: 60))
    }

    static func anExpiredClaimWithoutAJobIsTakenOver(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        let claimed = try await Fixture.claimTraining(store, key, by: alice, duration: 600)
        // Alice's lease runs out before she starts a job: it ended a moment ago. (Renewing with a
        // negative duration does this at once, so the test holds on a slow, loaded machine.)
        #expect(try await store.renewLease(for: .training(key), owner: alice.owner, duration: -1))
        let taken = try await Fixture.claimTraining(store, key, by: bob)
        #expect(taken.id == claimed.id)
        #expect(taken.jobID == nil)
        #expect(taken.status == .pending)
        #expect(taken.lease?.owner == bob.owner)
    }

    static func aSuccessIsRecordedEvenWithoutTheLease(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        _ = try await Fixture.claimTraining(store, key, by: alice)
        try await store.recordTrainingJobStarted(for: key, jobID: "job-1", worker: alice)

        let finished = try await store.finishTrainingRun(
            for: key, owner: bob.owner, outcome: Fixture.trained("m-1"))
        #expect(finished.status == .succeeded && finished.modelID == "m-1")
        #expect(finished.lease == nil)
        let stored = try #require(try await store.trainingRun(for: key))
        #expect(stored.status == .succeeded && stored.modelID == "m-1" && stored.lease == nil)
        // The lease was released: its holder learns it is no longer needed.
        #expect(try await store.renewLease(for: .training(key), owner: alice.owner, duration: 60) == false)
    }

    static func aStoredSuccessIsKept(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        let first = try await Fixture.finishedTraining(store, key, outcome: Fixture.trained("m-1"), worker: alice)

        let again = try await store.finishTrainingRun(for: key, owner: alice.owner, outcome: Fixture.trained("m-2"))
        #expect(again.modelID == "m-1" && again.status == .succeeded)
        let other = try await store.finishTrainingRun(for: key, owner: bob.owner, outcome: Fixture.trained("m-3"))
        #expect(other.modelID == "m-1")
        // Nor does a late failure or cancellation overwrite it.
        let failed = try await store.finishTrainingRun(for: key, owner: alice.owner, outcome: .failed("late"))
        #expect(failed.status == .succeeded && failed.modelID == "m-1" && failed.error == nil)
        let cancelled = try await store.finishTrainingRun(for: key, owner: bob.owner, outcome: .cancelled("late"))
        #expect(cancelled.status == .succeeded)

        let stored = try #require(try await store.trainingRun(for: key))
        #expect(stored.status == .succeeded && stored.modelID == "m-1" && stored.error == nil)
        #expect(Fixture.isClose(stored.finishedAt, first.finishedAt))
    }

    static func aFailureIsRecordedOnlyByTheLeaseHolder(_ store: any CacheBackend, outcome: TrainingOutcome) async throws
    {
        let key = Fixture.trainingKey()
        _ = try await Fixture.claimTraining(store, key, by: alice)
        try await store.recordTrainingJobStarted(for: key, jobID: "job-1", worker: alice)

        let ignored = try await store.finishTrainingRun(for: key, owner: bob.owner, outcome: outcome)
        #expect(ignored.status == .running && ignored.error == nil && ignored.lease?.owner == alice.owner)
        let stored = try #require(try await store.trainingRun(for: key))
        #expect(stored.status == .running && stored.error == nil && stored.finishedAt == nil)
        #expect(stored.lease?.owner == alice.owner)

        let recorded = try await store.finishTrainingRun(for: key, owner: alice.owner, outcome: outcome)
        #expect(recorded.status == .failed || recorded.status == .cancelled)
        #expect(recorded.error == "not mine" && recorded.lease == nil)
        #expect(try await store.trainingRun(for: key)?.error == "not mine")
    }

    static func twoWorkersRacingForAKeyClaimItOnce(_ store: any CacheBackend) async throws {
        let keys = (0..<16).map { Fixture.trainingKey(config: String(format: "c%03x", $0)) }
        let workers = [alice, bob]
        let outcomes = try await withThrowingTaskGroup(
            of: (TrainingKey, Worker, ClaimOutcome<TrainingRunRecord>).self
        ) { group in
            for key in keys {
                for worker in workers {
                    group.addTask {
                        let outcome = try await store.claimTrainingRun(
                            for: key, config: Fixture.config(), lease: Fixture.lease(worker))
                        return (key, worker, outcome)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == keys.count * workers.count)
        for key in keys {
            let forKey = outcomes.filter { $0.0 == key }
            let winners = forKey.filter { $0.2.claimedRecord != nil }
            #expect(winners.count == 1, "\(key): \(forKey.map(\.2))")
            #expect(forKey.filter { $0.2.heldElsewhereRecord != nil }.count == 1)
            let stored = try #require(try await store.trainingRun(for: key))
            #expect(stored.lease?.owner == winners.first?.1.owner)
            #expect(Set(forKey.map { $0.2.record.id }) == [stored.id])
        }
        #expect(try await store.trainingRuns(matching: TrainingRunFilter()).count == keys.count)
    }

    static func manyWorkersRacingForOneKeyClaimItOnce(_ store: any CacheBackend) async throws {
        let key = Fixture.trainingKey()
        let workers = (0..<8).map { Fixture.worker("worker-\($0)", pid: Int32(1000 + $0)) }
        let outcomes = try await withThrowingTaskGroup(of: ClaimOutcome<TrainingRunRecord>.self) { group in
            for worker in workers {
                group.addTask {
                    try await store.claimTrainingRun(
                        for: key, config: Fixture.config(), lease: Fixture.lease(worker))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0.claimedRecord != nil }.count == 1, "\(outcomes)")
        #expect(outcomes.filter { $0.heldElsewhereRecord != nil }.count == workers.count - 1)
    }
}
