import Foundation
import MOCache
import Testing

/// `mocache ps`: what is pending or running, with host, pid, elapsed time and lease (issue 14).
@Suite("mocache ps")
struct CLIPsTests {
    @Test("a training another worker runs is listed with its host, pid and lease; finished entries are not")
    func running() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let store = try await SQLiteCacheBackend(path: workspace.db)
        let worker = Worker(owner: "w-1", host: "gpu-7", pid: 4242)
        let config: JSONValue = ["base_model": "big", "hyperparameters": [:], "options": [:]]
        let key = TrainingKey(
            backendID: "process:sft", datasetHash: String(repeating: "c", count: 64),
            configHash: try config.configHash())
        _ = try await store.claimTrainingRun(
            for: key, config: config, lease: LeaseRequest(worker: worker, duration: 600))
        try await store.recordTrainingJobStarted(for: key, jobID: "job-9", worker: worker)
        try await store.close()

        let text = try await workspace.run(["ps"])
        #expect(text.exitCode == 0, "\(text)")
        #expect(text.lines.count == 3, "only the running entry: \(text.stdout)")
        let row = text.lines[1].split(separator: " ").map(String.init)
        #expect(Array(row.prefix(7)) == ["t5", "training", "process:sft", "big", "running", "gpu-7", "4242"], "\(row)")
        #expect(text.stdout.contains("expires in"), "\(text.stdout)")

        let json = try await workspace.run(["ps", "--format", "json"]).json()
        let entry = try #require(json.arrayValue?.first)
        #expect(json.arrayValue?.count == 1 && entry["lease_owner"] == "w-1" && entry["pid"] == 4242, "\(json)")
        #expect((entry["lease_expires_in_s"]?.doubleValue ?? 0) > 0, "\(entry)")
    }

    @Test("nothing running: a message, and an empty list as JSON")
    func nothing() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let text = try await workspace.run(["ps"])
        #expect(text.exitCode == 0 && text.stdout.isEmpty && text.stderr.contains("Nothing is pending or running."))
        #expect(try await workspace.run(["ps", "--format", "json"]).json() == [])
    }
}
