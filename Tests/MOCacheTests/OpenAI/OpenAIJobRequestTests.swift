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
