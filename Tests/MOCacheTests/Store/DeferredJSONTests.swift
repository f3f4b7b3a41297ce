import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// Records read from the SQLite store keep plain JSON documents as text until first used
/// (``DeferredJSON``); nothing about them may differ from records made from values.
@Suite struct DeferredJSONTests {
    /// A document only the strict parser reads: non-ASCII text, an escape, a long number.
    static let strictOnly: JSONValue = .object([
        "name": .string("café\t\"quoted\""), "seed": .number(1_234_567_890_123_456), "tiny": .number(1e-7),
    ])

    @Test(arguments: [StoreFixture.config, strictOnly])
    func aStoredRunEqualsTheSameRunMadeFromValues(_ config: JSONValue) async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let key = StoreFixture.trainingKey()
        let worker = StoreFixture.worker("alice")
        _ = try await store.claimTrainingRun(for: key, config: config, lease: StoreFixture.lease(worker))
        let metadata: JSONValue = .object(["checkpoint": .string("s3://bucket/ckpt"), "steps": .number(100)])
        try await store.finishTrainingRun(
            for: key, owner: worker.owner, outcome: .succeeded(modelID: "model-1", metadata: metadata))
        let stored = try #require(try await store.trainingRun(for: key))
        try await store.close()

        let rebuilt = TrainingRunRecord(
            id: stored.id, key: stored.key, config: config, status: stored.status, jobID: stored.jobID,
            modelID: stored.modelID, metadata: metadata, error: stored.error, createdAt: stored.createdAt,
            startedAt: stored.startedAt, finishedAt: stored.finishedAt, host: stored.host, pid: stored.pid,
            lease: stored.lease, hitCount: stored.hitCount, lastHitAt: stored.lastHitAt)
        #expect(stored == rebuilt)
        #expect(stored.hashValue == rebuilt.hashValue)
        #expect(Set([stored, rebuilt]).count == 1)
        #expect(stored.config == config && stored.config == config, "read twice, the same value")
        #expect(stored.metadata == metadata)

        // Coded under the public names, and decoded back to an equal record.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(stored)
        #expect(data == (try encoder.encode(rebuilt)))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["config"] != nil && object["metadata"] != nil)
        #expect(!object.keys.contains { $0.hasSuffix("Document") })
        #expect(try JSONDecoder().decode(TrainingRunRecord.self, from: data) == stored)
    }

    @Test(arguments: [StoreFixture.params, strictOnly])
    func aStoredEvalResultEqualsTheSameResultMadeFromValues(_ params: JSONValue) async throws {
        let folder = try TemporaryDirectory()
        let store = try await StoreFixture.store(folder)
        let key = StoreFixture.evalKey()
        let worker = StoreFixture.worker("alice")
        _ = try await store.claimEvalResult(for: key, params: params, lease: StoreFixture.lease(worker))
        try await store.finishEvalResult(
            for: key, owner: worker.owner, outcome: .succeeded(metrics: ["acc": 0.5], sampleCount: 10, logPath: nil))
        let stored = try #require(try await store.evalResults(for: [key])[key])
        try await store.close()

        let rebuilt = EvalResultRecord(
            id: stored.id, key: stored.key, params: params, status: stored.status, jobID: stored.jobID,
            metrics: stored.metrics, sampleCount: stored.sampleCount, logPath: stored.logPath, error: stored.error,
            createdAt: stored.createdAt, startedAt: stored.startedAt, finishedAt: stored.finishedAt, host: stored.host,
            pid: stored.pid, lease: stored.lease, hitCount: stored.hitCount, lastHitAt: stored.lastHitAt)
        #expect(stored == rebuilt && stored.hashValue == rebuilt.hashValue)
        #expect(stored.params == params)
        let data = try JSONEncoder().encode(stored)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["params"] != nil && object["paramsDocument"] == nil)
        #expect(try JSONDecoder().decode(EvalResultRecord.self, from: data) == stored)
    }

    @Test func textIsKeptOnlyWhenTheFastReaderCanReadIt() throws {
        func deferred(_ text: String) -> DeferredJSON? {
            var text = text
            return text.withUTF8 { DeferredJSON(readableText: UnsafeRawBufferPointer($0)) }
        }
        let plain = try #require(deferred(#"{"a":[1,"b",null],"c":0.5}"#))
        #expect(plain.value == .object(["a": .array([.number(1), .string("b"), .null]), "c": .number(0.5)]))
        #expect(plain == DeferredJSON(plain.value))
        #expect(deferred(#"{"a":"é"}"#) == nil)
        #expect(deferred(#"{"a":1,}"#) == nil)
    }
}
