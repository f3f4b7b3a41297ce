import Foundation
import Logging
import MOCache
import MOCacheConformance
import PostgresNIO
import Testing

@testable import MOCachePostgres

/// What the PostgreSQL store does beyond the conformance suite: its schema, its fences, its
/// notifications. Against a real server (``PostgresTestServer``).
@Suite struct PostgresStoreTests {
    static let logger = Logger(label: "mocache-tests.postgres")

    static func open(
        _ location: PostgresLocation, access: PostgresCacheBackend.Access = .readWrite, create: Bool = true
    ) async throws -> PostgresCacheBackend {
        try await PostgresCacheBackend(
            location: location, access: access, create: create, maximumConnections: 2, logger: logger)
    }

    /// The rows of a query, on a connection of its own.
    static func rows(_ query: PostgresQuery, on location: PostgresLocation) async throws -> [PostgresRow] {
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(readOnly: false), id: 7, logger: logger)
        do {
            let rows = try await connection.query(query, logger: logger).collect()
            try await connection.close()
            return rows
        } catch {
            try await connection.close()
            throw error
        }
    }

    @Test func sixteenStoresOpeningAtOnceMigrateOnce() async throws {
        let location = try await PostgresTestServer.shared.freshLocation()
        let versions = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let store = try await Self.open(location)
                    try await store.close()
                    return store.schemaVersion
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(versions == Array(repeating: PostgresSchema.currentVersion, count: 16))
        let applied = try await Self.rows(
            "SELECT version FROM mocache.schema_migrations ORDER BY version", on: location
        )
        .map { try $0.decode(Int32.self) }
        #expect(applied == PostgresSchema.migrations.map { Int32($0.version) })
    }

    @Test func aSchemaNewerThanThisMocacheIsRefused() async throws {
        let location = try await PostgresTestServer.shared.freshLocation()
        try await Self.open(location).close()
        _ = try await Self.rows(
            "INSERT INTO mocache.schema_migrations (version, name) VALUES (999, '0999_future')", on: location)
        for access in [PostgresCacheBackend.Access.readWrite, .readOnly] {
            await #expect {
                try await Self.open(location, access: access)
            } throws: { error in
                (error as? MOCacheError)?.code == .schemaTooNew
                    && (error as? MOCacheError)?.message.contains("version 999") == true
            }
        }
    }

    @Test func aReadOnlyStoreOnAnEmptyDatabaseCreatesNothing() async throws {
        let location = try await PostgresTestServer.shared.freshLocation()
        for (access, create) in [(PostgresCacheBackend.Access.readOnly, true), (.readWrite, false)] {
            await #expect {
                try await Self.open(location, access: access, create: create)
            } throws: { error in
                (error as? MOCacheError)?.code == .databaseMissing
                    && (error as? MOCacheError)?.message.contains("holds no mocache store") == true
            }
        }
        let schemas = try await Self.rows("SELECT count(*) FROM pg_namespace WHERE nspname = 'mocache'", on: location)
        #expect(try schemas.first?.decode(Int64.self) == 0)
    }

    @Test func aReadOnlyStoreReadsAndNeverWrites() async throws {
        let location = try await PostgresTestServer.shared.freshLocation()
        let writer = try await Self.open(location)
        let key = TrainingKey(backendID: "b", datasetHash: Fixture.hash("d"), configHash: Fixture.hash("c"))
        let worker = Fixture.worker("w")
        _ = try await writer.claimTrainingRun(for: key, config: Fixture.config(), lease: Fixture.lease(worker))
        try await writer.finishTrainingRun(for: key, owner: worker.owner, outcome: Fixture.trained("m"))
        try await writer.close()

        let reader = try await Self.open(location, access: .readOnly)
        #expect(try await reader.trainingRun(for: key)?.modelID == "m")
        await #expect(throws: MOCacheError.self) {
            try await reader.claimTrainingRun(for: key, config: Fixture.config(), lease: Fixture.lease(worker))
        }
        try await reader.close()
    }

    /// A worker paused past its lease (here: its lease ran out, another worker took the run over) may
    /// still hold a model when it wakes. Its fence is stale, so its success is not written over the run
    /// of the worker that took over, though a success is otherwise kept whoever reports it.
    @Test func aPausedOwnerCannotOverwriteItsSuccessor() async throws {
        let store = try await Self.open(try await PostgresTestServer.shared.freshLocation())
        let key = TrainingKey(backendID: "b", datasetHash: Fixture.hash("d"), configHash: Fixture.hash("c"))
        let alice = Fixture.worker("alice")
        let bob = Fixture.worker("bob")
        _ = try await store.claimTrainingRun(for: key, config: Fixture.config(), lease: Fixture.lease(alice))
        try await store.recordTrainingJobStarted(for: key, jobID: "job-a", worker: alice)
        #expect(try await store.renewLease(for: .training(key), owner: alice.owner, duration: -1))
        let taken = try await store.claimTrainingRun(for: key, config: Fixture.config(), lease: Fixture.lease(bob))
        #expect(taken.claimedRecord != nil, "\(taken)")

        let late = try await store.finishTrainingRun(for: key, owner: alice.owner, outcome: Fixture.trained("model-a"))
        #expect(late.status == .pending && late.modelID == nil && late.lease?.owner == bob.owner, "\(late)")
        #expect(try await store.renewLease(for: .training(key), owner: alice.owner, duration: 60) == false)

        let finished = try await store.finishTrainingRun(
            for: key, owner: bob.owner, outcome: Fixture.trained("model-b"))
        #expect(finished.status == .succeeded && finished.modelID == "model-b")
        #expect(try await store.trainingRun(for: key)?.modelID == "model-b")
        try await store.close()
    }

    /// Each claim bumps the fence on the server, and a takeover's fence is the one heartbeats present.
    @Test func everyClaimBumpsTheFence() async throws {
        let location = try await PostgresTestServer.shared.freshLocation()
        let store = try await Self.open(location)
        let key = Fixture.evalKey()
        let alice = Fixture.worker("alice")
        let bob = Fixture.worker("bob")
        func fence() async throws -> Int64? {
            try await Self.rows("SELECT lease_fence FROM mocache.eval_results", on: location).first?.decode(Int64.self)
        }
        _ = try await store.claimEvalResult(for: key, params: Fixture.params, lease: Fixture.lease(alice))
        #expect(try await fence() == 1)
        _ = try await store.claimEvalResult(for: key, params: Fixture.params, lease: Fixture.lease(bob))
        #expect(try await fence() == 1, "a live lease of another worker is not taken")
        #expect(try await store.renewLease(for: .eval(key), owner: alice.owner, duration: -1))
        _ = try await store.claimEvalResult(for: key, params: Fixture.params, lease: Fixture.lease(bob))
        #expect(try await fence() == 2)
        #expect(try await store.renewLease(for: .eval(key), owner: bob.owner, duration: 60))
        let late = try await store.finishEvalResult(for: key, owner: alice.owner, outcome: Fixture.scored)
        #expect(late.status == .pending && late.lease?.owner == bob.owner)
        try await store.close()
    }

    /// A waiter on one store hears of a finish made through another store (another process's, in real
    /// use) through LISTEN/NOTIFY, long before its poll interval ends.
    @Test func aWaiterWakesWhenAnotherStoreFinishesTheEntry() async throws {
        let location = try await PostgresTestServer.shared.freshLocation()
        let owner = try await Self.open(location)
        let waiter = try await Self.open(location)
        let key = Fixture.trainingKey()
        let alice = Fixture.worker("alice")
        let claimed = try await owner.claimTrainingRun(for: key, config: Fixture.config(), lease: Fixture.lease(alice))
        let id = try #require(claimed.claimedRecord?.id)
        for _ in 0..<200 where !(waiter.listener?.isListening ?? false) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(waiter.listener?.isListening == true, "the waiter's store listens")

        let clock = ContinuousClock()
        let waiting = Task {
            let start = clock.now
            try await waiter.waitForChange(of: [.training(id)], timeout: .seconds(120))
            return clock.now - start
        }
        try await Task.sleep(for: .milliseconds(300))
        try await owner.finishTrainingRun(for: key, owner: alice.owner, outcome: Fixture.trained("m"))
        let waited = try await waiting.value
        // The poll interval here is two minutes; a notification arrives in milliseconds. The bound is
        // generous for a loaded machine and still far below the interval.
        #expect(waited < .seconds(30), "waited \(waited)")
        try await owner.close()
        try await waiter.close()
    }

    @Test func jsonDocumentsRoundTripThroughJSONB() async throws {
        let store = try await Self.open(try await PostgresTestServer.shared.freshLocation())
        let config: JSONValue = [
            "lr": .number(0.1 + 0.2), "tiny": 1e-7, "huge": 1e21, "negative": -0.0, "text": "tab\t\"quote\" é ✓ 𝄞",
            "nested": ["list": [1, 2.5, nil, true, false], "empty": [:]],
        ]
        let key = TrainingKey(backendID: "b", datasetHash: Fixture.hash("d"), configHash: try config.configHash())
        let worker = Fixture.worker("w")
        _ = try await store.claimTrainingRun(for: key, config: config, lease: Fixture.lease(worker))
        let stored = try #require(try await store.trainingRun(for: key))
        #expect(stored.config == config)
        #expect(try stored.config.configHash() == key.configHash)
        try await store.close()
    }
}
