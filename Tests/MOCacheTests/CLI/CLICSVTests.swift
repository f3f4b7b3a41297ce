import Foundation
import MOCache
import Testing

@testable import MOCacheCLI

/// `--format csv` on the commands that print rows, for pandas and spreadsheets (issue 14).
@Suite("mocache --format csv")
struct CLICSVTests {
    /// The fields of a CSV document's lines (no quoted commas in what these tests read).
    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("models: a column per member, hyperparameters flattened into their own columns")
    func models() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let result = try await workspace.run(["models", "--backend", "process:sft", "--format", "csv"])
        #expect(result.exitCode == 0, "\(result)")
        let rows = Self.rows(result.stdout)
        let header = try #require(rows.first)
        #expect(header.first == "id" && header.contains("config.hyperparameters.learning_rate"), "\(header)")
        #expect(rows.count == 4, "\(result.stdout)")
        let rate = try #require(header.firstIndex(of: "config.hyperparameters.learning_rate"))
        let model = try #require(header.firstIndex(of: "model_id"))
        let alpha = try #require(rows.first { $0[model] == "ft-alpha-1" })
        #expect(alpha[rate] == "0.001", "\(alpha)")
        let failed = try #require(rows.first { $0[header.firstIndex(of: "status") ?? 0] == "failed" })
        #expect(failed[model] == "", "a missing model id is an empty field: \(failed)")
    }

    @Test("evals: each metric its own column; --metric: one row per model, one column per task")
    func evals() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let list = try await workspace.run(["evals", "--format", "csv"])
        #expect(list.exitCode == 0, "\(list)")
        let header = try #require(Self.rows(list.stdout).first)
        #expect(header.contains("metrics.accuracy") && header.contains("metrics.f1") && header.contains("task"))
        let pivot = try await workspace.run(["evals", "--metric", "accuracy", "--format", "csv"])
        #expect(pivot.exitCode == 0, "\(pivot)")
        #expect(
            pivot.stdout == "model_id,gsm8k,mmlu\nft-alpha-1,0.3,0.6\nft-alpha-2,,0.7\n"
                || pivot.stdout == "model_id,mmlu,gsm8k\nft-alpha-1,0.6,0.3\nft-alpha-2,0.7,\n", "\(pivot)")
    }

    @Test("datasets as CSV; a command without rows refuses csv with a usage error that lists its formats")
    func datasetsAndRefusal() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let datasets = try await workspace.run(["datasets", "--format", "csv"])
        #expect(datasets.exitCode == 0 && datasets.stdout.hasPrefix("dataset_hash,"), "\(datasets)")
        let stats = try await workspace.run(["stats", "--format", "csv"])
        #expect(stats.exitCode == 64, "\(stats)")
        #expect(stats.stderr.contains("--format csv is not available for this command; use text or json."))
        #expect(stats.stdout.isEmpty)
    }

    @Test("fields with commas, quotes and line breaks are quoted; nested members are flattened")
    func records() {
        let text = CSV.records([
            ["id": "t1", "config": ["lr": 0.1, "tags": ["a", "b"]], "note": "a, \"b\""], ["id": "t2"],
        ])
        #expect(text == "id,config.lr,config.tags,note\nt1,0.1,\"[\"\"a\"\",\"\"b\"\"]\",\"a, \"\"b\"\"\"\nt2,,,\n")
    }
}
