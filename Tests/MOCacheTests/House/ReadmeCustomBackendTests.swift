import Foundation
import MOCache
import MOCacheConformance
import Testing

/// The README's custom backend is ReadmeCustomBackend.swift, and it works as the README says.
@Suite("README: write your own backend")
struct ReadmeCustomBackendTests {
    @Test("the README's backend is the one in ReadmeCustomBackend.swift, word for word")
    func theREADMEShowsThisFile() throws {
        let file = try PackageSources.text("Tests/MOCacheTests/House/ReadmeCustomBackend.swift")
        let body = try #require(file.components(separatedBy: "import MOCache\n\n").last)
        let readme = try PackageSources.text("README.md")
        #expect(readme.contains("```swift\n" + body + "```\n"), "README.md's block differs from:\n\(body)")
    }

    @Test("cached, the backend trains once and the second call is served", arguments: ConformanceBackends.all)
    func cachedLikeAnyOther(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let lora = CachedTrainingBackend(LoRABackend(), store: store)
            let request = TrainingRequest(
                dataset: .bytes(Data("{\"prompt\": \"a\", \"completion\": \"b\"}\n".utf8)), baseModel: "llama-3-8b",
                hyperparameters: ["rank": 16])
            let trained = try await lora.train(request)
            let again = try await lora.train(request)
            #expect(trained.modelID.hasPrefix("llama-3-8b-lora-r16-") && !trained.servedFromCache)
            #expect(again.modelID == trained.modelID && again.servedFromCache)
            let record = try #require(try await store.trainingRun(for: try await lora.key(for: request)))
            #expect(
                record.status == .succeeded && record.jobID == trained.jobID && record.jobID?.hasPrefix("task-") == true
            )
            #expect(record.metadata == ["rank": 16])

        }
    }

    @Test("TaskTrainingRun: status follows the job; cancel ends a running one, a finished job keeps its model")
    func statusFollowsTheJob() async throws {
        let failing = TaskTrainingRun(backendID: "b") { throw MOCacheError(.jobFailed, "no GPU") }
        await #expect(throws: MOCacheError.self) { try await failing.wait() }
        #expect(try await failing.status() == .failed)
        let done = TaskTrainingRun(backendID: "b", jobID: "j-1") { TrainedModel(modelID: "m") }
        #expect(try await done.wait() == TrainedModel(modelID: "m", jobID: "j-1"))
        try await done.cancel()
        #expect(try await done.status() == .succeeded)
        #expect(try await done.wait().modelID == "m")
        #expect(done.snapshot == TrainingRunSnapshot(backendID: "b", jobID: "j-1", request: nil))
        let long = TaskTrainingRun(backendID: "b") {
            try await Task.sleep(for: .seconds(600))
            return TrainedModel(modelID: "never")
        }
        #expect(try await long.status() == .running)
        try await long.cancel()
        await #expect(throws: CancellationError.self) { try await long.wait() }
        #expect(try await long.status() == .cancelled)
    }
}
