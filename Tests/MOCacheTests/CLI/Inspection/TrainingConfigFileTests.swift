import Foundation
import Testing

@testable import MOCacheCLI
@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

@Suite("Training config files")
struct TrainingConfigFileTests {
    @Test("a full file reads into a request, and its JSON is what the wrapper hashes")
    func full() throws {
        let json = try JSONValue(
            parsing: #"""
                {"base_model": "tiny", "hyperparameters": {"lr": 0.1}, "options": {"rank": 8},
                 "suffix": "bot", "namespace": "v2", "replicate": 2}
                """#)
        let file = try TrainingConfigFile(json: json, source: "config.json")
        let request = file.request(dataset: .bytes(Data()))
        #expect(request.baseModel == "tiny")
        #expect(request.hyperparameters == ["lr": 0.1])
        #expect(request.options == ["rank": 8])
        #expect(request.suffix == "bot")
        #expect(file.namespace == "v2")
        #expect(file.replicate == 2)
        // The stored configuration of such a run is the file itself: show → edit → why-miss works.
        #expect(TrainingConfiguration.json(for: request, namespace: file.namespace, replicate: file.replicate) == json)
    }

    @Test("only base_model is required")
    func minimal() throws {
        let file = try TrainingConfigFile(json: ["base_model": "tiny"], source: "c.json")
        #expect(file.hyperparameters == .object([:]))
        #expect(file.options == .object([:]))
        #expect(file.suffix == nil && file.namespace == nil && file.replicate == 0)
    }

    @Test(
        "mistakes are errors naming the file and the JSON path",
        arguments: [
            (#"[1]"#, "$", "must be a JSON object"),
            (#"{}"#, "$.base_model", "non-empty string is required"),
            (#"{"base_model": ""}"#, "$.base_model", "non-empty string"),
            (#"{"base_model": 3}"#, "$.base_model", "non-empty string"),
            (#"{"base_model": "m", "lr": 0.1}"#, "$.lr", "unknown member"),
            (#"{"base_model": "m", "odd key": 1}"#, #"$["odd key"]"#, "unknown member"),
            (#"{"base_model": "m", "hyperparameters": [1]}"#, "$.hyperparameters", "must be a JSON object"),
            (#"{"base_model": "m", "options": null}"#, "$.options", "must be a JSON object"),
            (#"{"base_model": "m", "suffix": 1}"#, "$.suffix", "must be a string"),
            (#"{"base_model": "m", "namespace": true}"#, "$.namespace", "must be a string"),
            (#"{"base_model": "m", "replicate": 1.5}"#, "$.replicate", "whole number"),
            (#"{"base_model": "m", "replicate": -1}"#, "$.replicate", "whole number"),
        ])
    func mistakes(text: String, path: String, reason: String) throws {
        let json = try JSONValue(parsing: text)
        let error = #expect(throws: MOCacheError.self) { try TrainingConfigFile(json: json, source: "conf.json") }
        #expect(error?.code == .invalidConfig)
        #expect(error?.message.hasPrefix("conf.json: \(path): ") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }

    @Test("a namespace or replicate on the command line must agree with the file")
    func overrides() throws {
        let file = try TrainingConfigFile(json: ["base_model": "m", "namespace": "a", "replicate": 2], source: "c")
        #expect(try file.namespace(overriddenBy: nil, source: "c") == "a")
        #expect(try file.namespace(overriddenBy: "a", source: "c") == "a")
        #expect(throws: MOCacheError.self) { try file.namespace(overriddenBy: "b", source: "c") }
        #expect(try file.replicate(overriddenBy: nil, source: "c") == 2)
        #expect(throws: MOCacheError.self) { try file.replicate(overriddenBy: 3, source: "c") }
        let bare = try TrainingConfigFile(json: ["base_model": "m"], source: "c")
        #expect(try bare.namespace(overriddenBy: "b", source: "c") == "b")
        #expect(try bare.replicate(overriddenBy: 3, source: "c") == 3)
    }
}
