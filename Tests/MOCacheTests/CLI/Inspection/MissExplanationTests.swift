import Foundation
import Testing

@testable import MOCacheCLI
@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

@Suite("Why a request misses")
struct MissExplanationTests {
    typealias F = InspectionFixtures

    @Test("a stored success is a hit; a stored failure is stored but not served")
    func storedKey() async throws {
        let store = InMemoryCacheBackend()
        try await F.store(F.config(0.1), in: store)
        try await F.store(F.config(0.2), in: store, fail: true)
        let hit = try await MissExplanation.explain(
            backendID: "process:train", datasetHash: F.hash("d"), config: F.config(0.1), in: store)
        #expect(hit.verdict == .hit)
        #expect(hit.stored?.status == .succeeded)
        let failed = try await MissExplanation.explain(
            backendID: "process:train", datasetHash: F.hash("d"), config: F.config(0.2), in: store)
        #expect(failed.verdict == .storedNotServed)
        #expect(failed.stored?.error == "boom")
        #expect(failed.nearest.isEmpty)
    }

    @Test("a changed learning rate is the one difference of the nearest run")
    func changedField() async throws {
        let store = InMemoryCacheBackend()
        try await F.store(F.config(0.0001), in: store)
        try await F.store(F.config(0.5, base: "other"), in: store)
        try await F.store(F.config(0.0001), in: store, backend: "another")
        let explanation = try await MissExplanation.explain(
            backendID: "process:train", datasetHash: F.hash("d"), config: F.config(0.001), in: store)
        #expect(explanation.verdict == .miss)
        #expect(explanation.runsOnBackend == 2)
        #expect(explanation.backends == ["process:train": 2, "another": 1])
        let nearest = try #require(explanation.nearest.first)
        #expect(!nearest.datasetDiffers && !nearest.backendDiffers)
        #expect(nearest.configDifferences.map(\.description) == ["$.hyperparameters.learning_rate: 0.0001 -> 0.001"])
        #expect(nearest.distance == 1)
        #expect(explanation.nearest.count == 2)
        #expect(explanation.nearest[1].distance == 2)
    }

    @Test("another dataset is named, with the files the memo knows for the stored hash")
    func otherDataset() async throws {
        let store = InMemoryCacheBackend()
        try await F.store(F.config(0.1), in: store, dataset: F.hash("a"))
        try await store.memoizeHash(
            F.hash("a"),
            for: FileIdentity(path: "/data/v1.jsonl", device: 1, inode: 1, size: 1, modificationTimeNanoseconds: 1))
        let explanation = try await MissExplanation.explain(
            backendID: "process:train", datasetHash: F.hash("b"), config: F.config(0.1), in: store)
        let nearest = try #require(explanation.nearest.first)
        #expect(nearest.datasetDiffers)
        #expect(nearest.configDifferences.isEmpty)
        #expect(nearest.datasetFiles == ["/data/v1.jsonl"])
    }

    @Test("a missing member, a namespace and a replicate show as added or removed")
    func missingMembers() async throws {
        let store = InMemoryCacheBackend()
        try await F.store(F.config(0.1, extra: ["namespace": "v1"]), in: store)
        let explanation = try await MissExplanation.explain(
            backendID: "process:train", datasetHash: F.hash("d"),
            config: F.config(0.1, extra: ["suffix": "bot", "replicate": 2]), in: store)
        #expect(
            explanation.nearest.first?.configDifferences.map(\.description) == [
                "$.namespace: removed \"v1\"", "$.replicate: added 2", "$.suffix: added \"bot\"",
            ])
    }

    @Test("the same dataset and config under another backend is found when the backend has nothing")
    func otherBackend() async throws {
        let store = InMemoryCacheBackend()
        try await F.store(F.config(0.1), in: store, backend: "process:trian")
        let explanation = try await MissExplanation.explain(
            backendID: "process:train", datasetHash: F.hash("d"), config: F.config(0.1), in: store)
        #expect(explanation.runsOnBackend == 0)
        let nearest = try #require(explanation.nearest.first)
        #expect(nearest.backendDiffers && nearest.distance == 1)
        #expect(nearest.run.key.backendID == "process:trian")
    }

    @Test("ranking: fewer differences first, then succeeded, then newest; the limit holds")
    func ranking() throws {
        let key = TrainingKey(backendID: "b", datasetHash: F.hash("d"), configHash: try F.config(1).configHash())
        let runs = [
            try F.run(id: 1, backend: "b", config: F.config(2), createdAt: F.start),
            try F.run(id: 2, backend: "b", config: F.config(2), createdAt: F.start + 10),
            try F.run(id: 3, backend: "b", config: F.config(2), status: .failed, createdAt: F.start + 20),
            try F.run(id: 4, backend: "b", config: F.config(3, base: "x"), createdAt: F.start + 30),
        ]
        let nearest = MissExplanation.rank(key: key, config: F.config(1), runs: runs, limit: 3)
        #expect(nearest.map(\.run.id) == [2, 1, 3])
        #expect(MissExplanation.rank(key: key, config: F.config(1), runs: runs, limit: 0).isEmpty)
    }

    @Test("a config with no canonical form is an error with its JSON path")
    func invalidConfig() async throws {
        let error = await #expect(throws: MOCacheError.self) {
            try await MissExplanation.explain(
                backendID: "b", datasetHash: F.hash("d"), config: ["hyperparameters": ["lr": .number(.nan)]],
                in: InMemoryCacheBackend())
        }
        #expect(error?.code == .invalidConfig)
        #expect(error?.message.contains("$.hyperparameters.lr") == true)
    }
}
