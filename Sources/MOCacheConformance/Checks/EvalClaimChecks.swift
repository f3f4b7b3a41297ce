import Foundation
import MOCacheCore
import Testing

/// Claims, job starts and finishes of evaluation results.
enum EvalClaimChecks {
    static let alice = Fixture.worker("alice", pid: 101)
    static let bob = Fixture.worker("bob", pid: 202)

    /// The checks of this group, in the order of the functions below.
    static let checks: [StoreConformanceCheck] = [
        StoreConformanceCheck(
            "eval claims: the first claim creates a pending entry under the lease",
            firstClaimCreatesAPendingEntryUnderTheLease),
        StoreConformanceCheck(
            "eval claims: a live lease of another worker is held elsewhere", aLiveLeaseOfAnotherWorkerIsHeldElsewhere),
        StoreConformanceCheck(
            "eval claims: recording the job start marks the evaluation running",
            recordingTheJobStartMarksTheEvaluationRunning),
        StoreConformanceCheck(
            "eval claims: a succeeded evaluation is completed for everyone", aSucceededEvaluationIsCompletedForEveryone),
        StoreConformanceCheck(
            "eval claims: refresh claims a succeeded evaluation and overwrites it",
            refreshClaimsASucceededEvaluationAndOverwritesIt),
        StoreConformanceCheck("eval claims: a failed evaluation is reset by the next claim") {
            try await aFailedOrCancelledEvaluationIsResetByTheNextClaim($0, outcome: .failed("harness crashed"))
        },
        StoreConformanceCheck("eval claims: a cancelled evaluation is reset by the next claim") {
            try await aFailedOrCancelledEvaluationIsResetByTheNextClaim($0, outcome: .cancelled("stopped by user"))
        },
        StoreConformanceCheck(
            "eval claims: an expired lease is taken over keeping the job ID", anExpiredLeaseIsTakenOverKeepingTheJobID),
        StoreConformanceCheck("eval claims: finish rules hold for evaluations", finishRulesHoldForEvaluations),
        StoreConformanceCheck(
            "eval claims: two workers racing for a key claim it once", twoWorkersRacingForAKeyClaimItOnce),
    ]

    static func firstClaimCreatesAPendingEntryUnderTheLease(_ store: any CacheBackend) async throws {
        let key = Fixture.evalKey()
        let missing = Fixture.evalKey(task: "gsm8k")
        #expect(try await store.evalResults(for: [key, missing]).isEmpty)

        let before = Date()
        let outcome = try await store.claimEvalResult(
            for: key, params: Fixture.params, lease: Fixture.lease(alice, duration: 60))
        let after = Date()
        let record = try #require(outcome.claimedRecord, "got \(outcome)")
        #expect(record.key == key)
        #expect(record.params == Fixture.params)
        #expect(record.status == .pending)
        #expect(record.jobID == nil && record.metrics == nil && record.error == nil)
        #expect(record.hitCount == 0)
        #expect(record.lease?.owner == alice.owner)
        #expect(Fixture.isWithin(record.createdAt, before, after))
        #expect(
            Fixture.isWithin(record.lease?.expiresAt, before.addingTimeInterval(60), after.addingTimeInterval(60)))

        let found = try await store.evalResults(for: [key, missing])
        #expect(Set(found.keys) == [key])
        #expect(found[key]?.id == record.id)
        #expect(found[key]?.status == .pending)
        #expect(found[key]?.params == Fixture.params)
        #expect(found[key]?.lease?.owner == alice.owner)
    }

    static func aLiveLeaseOfAnotherWorkerIsHeldElsewhere(_ store: any CacheBackend) async throws {
        let key = Fixture.evalKey()
        let claimed = try await Fixture.claimEval(store, key, by: alice)
        for refresh in [false, true] {
            let outcome = try await store.claimEvalResult(
                for: key, params: Fixture.params, lease: Fixture.lease(bob, refresh: refresh))
            let held = try #require(outcome.heldElsewhereRecord, "refresh: \(refresh), got \(outcome)")
            #expect(held.id == claimed.id)
            #expect(held.lease?.owner == alice.owner)
        }
        #expect(try await store.evalResults(for: [key])[key]?.lease?.owner == alice.owner)
    }

    static func recordingTheJobStartMarksTheEvaluationRunning(_ store: any CacheBackend) async throws {
        let key = Fixture.evalKey()
        let withoutJob = Fixture.evalKey(task: "arc")
        _ = try await Fixture.claimEval(store, key, by: alice)
        _ = try await Fixture.claimEval(store, withoutJob, by: alice)
        let before = Date()
        try await store.recordEvalJobStarted(for: key, jobID: "eval-job-1", worker: alice)
        try await store.recordEvalJobStarted(for: withoutJob, jobID: nil, worker: bob)
        let after = Date()
        let found = try await store.evalResults(for: [key, withoutJob])

        let started = try #require(found[key])
        #expect(started.status == .running)
        #expect(started.jobID == "eval-job-1")
        #expect(started.host == alice.host && started.pid == alice.pid)
        #expect(Fixture.isWithin(started.startedAt, before, after))

        let local = try #require(found[withoutJob])
        #expect(local.status == .running)
        #expect(local.jobID == nil)
        #expect(local.host == bob.host && local.pid == bob.pid)
        #expect(Fixture.isWithin(local.startedAt, before, after))
    }

    static func aSucceededEvaluationIsCompletedForEveryone(_ store: any CacheBackend) async throws {
        let key = Fixture.evalKey()
        let claimed = try await Fixture.claimEval(store, key, by: alice)
        try await store.recordEvalJobStarted(for: key, jobID: "eval-job-1", worker: alice)
        let before = Date()
        let finished = try await store.finishEvalResult(
            for: key, owner: alice.owner,
            outcome: .succeeded(metrics: ["accuracy": 0.75, "f1": 0.5], sampleCount: 200, logPath: "/logs/a.log"))
        let after = Date()
        #expect(finished.id == claimed.id)
        #expect(finished.status == .succeeded)
        #expect(finished.metrics == ["accuracy": 0.75, "f1": 0.5])
        #expect(finished.sampleCount == 200)
        #expect(finished.logPath == "/logs/a.log")
        #expect(finished.error == nil && finished.lease == nil)
        #expect(Fixture.isWithin(finished.finishedAt, before, after))

        let stored = try #require(try await store.evalResults(for: [key])[key])
        #expect(stored.status == .succeeded && stored.metrics == ["accuracy": 0.75, "f1": 0.5])
        #expect(stored.sampleCount == 200 && stored.logPath == "/logs/a.log" && stored.lease == nil)

        for worker in [alice, bob] {
            let outcome = try await store.claimEvalResult(
                for: key, params: Fixture.params, lease: Fixture.lease(worker))
            let completed = try #require(outcome.completedRecord, "\(worker.owner) got \(outcome)")
            #expect(completed.id == claimed.id && completed.metrics == ["accuracy": 0.75, "f1": 0.5])
        }
    }

    static func refreshClaimsASucceededEvaluationAndOverwritesIt(_ store: any CacheBackend) async throws {
        let key = Fixture.evalKey()
        let first = try await Fixture.finishedEval(store, key, outcome: Fixture.scored, worker: alice)
        let outcome = try await store.claimEvalResult(
            for: key, params: Fixture.params, lease: Fixture.lease(bob, refresh: true))
        let claimed = try #require(outcome.claimedRecord, "got \(outcome)")
        #expect(claimed.id == first.id && claimed.status == .pending && claimed.lease?.owner == bob.owner)
        #expect(claimed.jobID == nil && claimed.metrics == nil)

        let finished = try await store.finishEvalResult(
            for: key, owner: bob.owner,
            outcome: .succeeded(metrics: ["accuracy": 0.9], sampleCount: 3, logPath: nil))
        #expect(finished.status == .succeeded && finished.metrics == ["accuracy": 0.9])
        #expect(try await store.evalResults(for: [key])[key]?.metrics == ["accuracy": 0.9])
    }

    static func aFailedOrCancelledEvaluationIsResetByTheNextClaim(_ store: any CacheBackend, outcome: EvalOutcome)
        async throws
    {
        let key = Fixture.evalKey()
        let ended = try await Fixture.finishedEval(store, key, outcome: outcome, worker: alice)
        let expectedStatus: EntryStatus = if case .failed = outcome { .failed } else { .cancelled }
        let expectedError = if case .failed(let message) = outcome { message } else { "stopped by user" }
        #expect(ended.status == expectedStatus && ended.error == expectedError)
        #expect(ended.metrics == nil && ended.lease == nil && ended.finishedAt != nil)
        #expect(try await store.evalResults(for: [key])[key]?.status == expectedStatus)

        let next = try await store.claimEvalResult(for: key, params: Fixture.params, lease: Fixture.lease(bob))
        let claimed = try #require(next.claimedRecord, "got \(next)")
        #expect(claimed.id == ended.id)
        #expect(claimed.status == .pending)
        #expect(claimed.jobID == nil && claimed.error == nil && claimed.metrics == nil)
        #expect(claimed.lease?.owner == bob.owner)
    }

    static func anExpiredLeaseIsTakenOverKeepingTheJobID(_ store: any CacheBackend) async throws {
        let key = Fixture.evalKey()
        let claimed = try await Fixture.claimEval(store, key, by: alice, duration: 600)
        try await store.recordEvalJobStarted(for: key, jobID: "eval-job-1", worker: alice)
        let early = try await store.claimEvalResult(for: key, params: Fixture.params, lease: Fixture.lease(bob))
        #expect(early.heldElsewhereRecord != nil, "the lease is still live: \(early)")

        // Alice's lease runs out, as when her process dies: it ended a moment ago. (Renewing with a
        // negative duration does this at once, so the test holds on a slow, loaded machine.)
        #expect(try await store.renewLease(for: .eval(key), owner: alice.owner, duration: -1))
        let outcome = try await store.claimEvalResult(for: key, params: Fixture.params, lease: Fixture.lease(bob))
        let taken = try #require(outcome.claimedRecord, "got \(outcome)")
        #expect(taken.id == claimed.id && taken.jobID == "eval-job-1")
        #expect(taken.status == .pending && taken.lease?.owner == bob.owner)

        #expect(try await store.renewLease(for: .eval(key), owner: alice.owner, duration: 60) == false)
        let ignored = try await store.finishEvalResult(for: key, owner: alice.owner, outcome: .cancelled("lost"))
        #expect(ignored.status == .pending && ignored.lease?.owner == bob.owner)
        #expect(try await store.evalResults(for: [key])[key]?.status == .pending)
    }

    static func finishRulesHoldForEvaluations(_ store: any CacheBackend) async throws {
        let key = Fixture.evalKey()
        _ = try await Fixture.claimEval(store, key, by: alice)

        // A failure from a worker without the lease is not recorded.
        let ignored = try await store.finishEvalResult(for: key, owner: bob.owner, outcome: .failed("not mine"))
        #expect(ignored.status == .pending && ignored.error == nil && ignored.lease?.owner == alice.owner)

        // A success is recorded whoever reports it, and releases the lease.
        let success: EvalOutcome = .succeeded(metrics: ["accuracy": 0.5], sampleCount: nil, logPath: nil)
        let recorded = try await store.finishEvalResult(for: key, owner: bob.owner, outcome: success)
        #expect(recorded.status == .succeeded && recorded.metrics == ["accuracy": 0.5] && recorded.lease == nil)
        #expect(try await store.renewLease(for: .eval(key), owner: alice.owner, duration: 60) == false)

        // Once succeeded, nothing overwrites it.
        let later = try await store.finishEvalResult(
            for: key, owner: alice.owner,
            outcome: .succeeded(metrics: ["accuracy": 0.1], sampleCount: 1, logPath: nil))
        #expect(later.metrics == ["accuracy": 0.5])
        let failed = try await store.finishEvalResult(for: key, owner: alice.owner, outcome: .failed("late"))
        #expect(failed.status == .succeeded && failed.error == nil)
        let stored = try #require(try await store.evalResults(for: [key])[key])
        #expect(stored.status == .succeeded && stored.metrics == ["accuracy": 0.5] && stored.error == nil)
    }

    static func twoWorkersRacingForAKeyClaimItOnce(_ store: any CacheBackend) async throws {
        let keys = (0..<16).map { Fixture.evalKey(task: "task-\($0)") }
        let workers = [alice, bob]
        let outcomes = try await withThrowingTaskGroup(
            of: (EvalKey, Worker, ClaimOutcome<EvalResultRecord>).self
        ) { group in
            for key in keys {
                for worker in workers {
                    group.addTask {
                        let outcome = try await store.claimEvalResult(
                            for: key, params: Fixture.params, lease: Fixture.lease(worker))
                        return (key, worker, outcome)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let stored = try await store.evalResults(for: keys)
        #expect(stored.count == keys.count)
        for key in keys {
            let forKey = outcomes.filter { $0.0 == key }
            let winners = forKey.filter { $0.2.claimedRecord != nil }
            #expect(winners.count == 1, "\(key): \(forKey.map(\.2))")
            #expect(forKey.filter { $0.2.heldElsewhereRecord != nil }.count == 1)
            #expect(stored[key]?.lease?.owner == winners.first?.1.owner)
        }
    }
}
