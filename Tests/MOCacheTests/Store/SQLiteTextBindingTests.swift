import Foundation
import GRDB
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// Text is stored as its bytes: a NUL in a model id, a key, a job id or an error message is data, not an
/// end. Bound with length -1, SQLite read up to the NUL, stored `model\0tail` as `model`, and served
/// that shortened id.
@Suite struct SQLiteTextBindingTests {
    static let modelID = "model\0tail"

    @Test func aModelIDWithANULIsStoredAndServedWholeThroughEveryPath() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let worker = StoreFixture.worker("w")

        // Finished by a worker: the hit lookup, the listing and its filter serve the whole id.
        let key = StoreFixture.trainingKey()
        _ = try await store.claimTrainingRun(for: key, config: StoreFixture.config, lease: StoreFixture.lease(worker))
        try await store.recordTrainingJobStarted(for: key, jobID: "job\0one", worker: worker)
        let finished = try await store.finishTrainingRun(
            for: key, owner: "w", outcome: .succeeded(modelID: Self.modelID, metadata: nil))
        #expect(Array(finished.modelID?.utf8 ?? "".utf8) == Array(Self.modelID.utf8))
        let served = try #require(try await store.trainingRun(for: key))
        #expect(served.modelID == Self.modelID && served.modelID?.utf8.count == 10)
        #expect(served.jobID == "job\0one")
        let listed = try await store.trainingRuns(
            matching: TrainingRunFilter(modelID: Self.modelID, status: .succeeded))
        #expect(listed.map(\.id) == [served.id])
        #expect(try await store.trainingRuns(matching: TrainingRunFilter(modelID: "model")).isEmpty)

        // A failure's message keeps what follows a NUL too.
        let failing = StoreFixture.trainingKey(config: "fa11")
        _ = try await store.claimTrainingRun(
            for: failing, config: StoreFixture.config, lease: StoreFixture.lease(worker))
        try await store.finishTrainingRun(for: failing, owner: "w", outcome: .failed("out of memory\0 at step 7"))
        #expect(try await store.trainingRun(for: failing)?.error == "out of memory\0 at step 7")

        // Imported: the same.
        let imported = StoreFixture.trainingKey(config: "1a1")
        let record = TrainingRunRecord(
            id: 0, key: imported, config: StoreFixture.config, status: .succeeded, modelID: "imported\0model",
            createdAt: Date(), finishedAt: Date())
        _ = try await store.importTrainingRuns([record], overwrite: false)
        #expect(try await store.trainingRun(for: imported)?.modelID == "imported\0model")
        try await store.close()

        // And SQLite holds every byte.
        try withRawDatabase(folder.path("cache.sqlite"), readOnly: true) { db throws in
            let lengths = try Int.fetchAll(
                db,
                sql: "SELECT length(CAST(model_id AS BLOB)) FROM training_runs WHERE model_id IS NOT NULL ORDER BY id")
            #expect(lengths == [10, 14])
        }
    }

    /// Keys that differ only after a NUL are different keys: a lookup never finds the other's entry.
    @Test func evalKeysThatDifferAfterANULAreDifferentEntries() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let worker = StoreFixture.worker("w")
        let stored = StoreFixture.evalKey(model: "base\0v1")
        _ = try await store.claimEvalResult(for: stored, params: StoreFixture.params, lease: StoreFixture.lease(worker))
        try await store.finishEvalResult(
            for: stored, owner: "w", outcome: .succeeded(metrics: ["accuracy": 0.5], sampleCount: 10, logPath: nil))

        let other = StoreFixture.evalKey(model: "base\0v2")
        let cut = StoreFixture.evalKey(model: "base")
        let found = try await store.evalResults(for: [stored, other, cut])
        #expect(found.keys.map(\.modelID) == ["base\0v1"])
        #expect(found[stored]?.metrics == ["accuracy": 0.5])
        // One key at a time takes the hit lookup.
        #expect(try await store.evalResults(for: [other]).isEmpty)
        #expect(try await store.evalResults(for: [cut]).isEmpty)
        #expect(try await store.evalResults(for: [stored]).count == 1)
        let listed = try await store.evalResults(matching: EvalResultFilter(modelID: "base\0v1"))
        #expect(listed.map(\.key.modelID) == ["base\0v1"])
        try await store.close()
    }

    /// A model id that starts with a NUL is empty to SQLite's `length()`, which the schema's CHECK of
    /// evaluation keys refuses: a clear error, and nothing stored.
    @Test func anEvalKeyWhoseModelIDStartsWithANULIsRefused() async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let key = StoreFixture.evalKey(model: "\0model")
        let error = await #expect(throws: MOCacheError.self) {
            try await store.claimEvalResult(
                for: key, params: StoreFixture.params, lease: StoreFixture.lease(StoreFixture.worker("w")))
        }
        #expect(error?.code == .invalidInput, "\(String(describing: error))")
        #expect(error?.message.contains("does not fit the schema") == true, "\(String(describing: error))")
        #expect(try await store.evalResults(matching: EvalResultFilter()).isEmpty)
        try await store.close()
    }
}
