import MOCache
import Testing

@testable import MOCacheOpenAI

@Suite("OpenAI job request body")
struct OpenAIJobRequestTests {
    @Test("base_model, suffix and hyperparameters go where the API wants them; options pass through")
    func body() throws {
        let request = TrainingRequest(
            dataset: .bytes(.init()), baseModel: "gpt-4o-mini-2024-07-18",
            hyperparameters: ["n_epochs": 3, "batch_size": "auto", "learning_rate_multiplier": 0.5],
            suffix: "support", options: ["seed": 7, "validation_file": "file-v", "metadata": ["team": "search"]])
        let body = try OpenAIJobRequest.body(for: request, trainingFile: "file-t")
        #expect(
            body == [
                "model": "gpt-4o-mini-2024-07-18", "training_file": "file-t", "suffix": "support", "seed": 7,
                "validation_file": "file-v", "metadata": ["team": "search"],
                "method": [
                    "type": "supervised",
                    "supervised": [
                        "hyperparameters": ["n_epochs": 3, "batch_size": "auto", "learning_rate_multiplier": 0.5]
                    ],
                ],
            ])
        let plain = try OpenAIJobRequest.body(
            for: TrainingRequest(dataset: .bytes(.init()), baseModel: "m"), trainingFile: "f")
        #expect(plain["suffix"] == nil)
        #expect(plain["method"]?["supervised"]?["hyperparameters"] == [:])
    }

    @Test("mocache's key tag joins the options' metadata; its tag differs per key, replicate included")
    func keyTag() throws {
        let request = TrainingRequest(
            dataset: .bytes(.init()), baseModel: "m", options: ["metadata": ["team": "search", "mocache_key": "x"]])
        let body = try OpenAIJobRequest.body(for: request, trainingFile: "f", tags: ["mocache_key": "abc"])
        #expect(body["metadata"] == ["team": "search", "mocache_key": "abc"])
        let bare = try OpenAIJobRequest.body(
            for: TrainingRequest(dataset: .bytes(.init()), baseModel: "m"), trainingFile: "f",
            tags: ["mocache_key": "abc"])
        #expect(bare["metadata"] == ["mocache_key": "abc"])
        let notAnObject = TrainingRequest(dataset: .bytes(.init()), baseModel: "m", options: ["metadata": "team"])
        #expect(throws: MOCacheError.self) {
            try OpenAIJobRequest.body(for: notAnObject, trainingFile: "f", tags: ["mocache_key": "abc"])
        }

        let hash = String(repeating: "a", count: 64)
        let first = try TrainingConfiguration.key(for: request, backendID: "openai", datasetHash: hash)
        let replicate = try TrainingConfiguration.key(
            for: request, backendID: "openai", datasetHash: hash, replicate: 1)
        let tag = OpenAIFineTuningBackend.keyTag(first)
        #expect(tag.count == 64 && tag == OpenAIFineTuningBackend.keyTag(first))
        #expect(tag != OpenAIFineTuningBackend.keyTag(replicate))
    }

    @Test("Options cannot set what the configuration says elsewhere")
    func reserved() {
        for name in OpenAIJobRequest.reserved {
            let request = TrainingRequest(dataset: .bytes(.init()), baseModel: "m", options: [name: "x"])
            #expect(throws: MOCacheError.self, "\(name)") {
                try OpenAIJobRequest.body(for: request, trainingFile: "f")
            }
        }
    }
}
