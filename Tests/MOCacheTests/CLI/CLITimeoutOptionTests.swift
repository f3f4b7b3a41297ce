import Foundation
import Testing

/// `--timeout` of `mocache train` and `mocache eval`: a span too long to hold, or of zero, is a usage error
/// (issue 10, item 12).
@Suite("mocache: --timeout")
struct CLITimeoutOptionTests {
    @Test(
        "a --timeout too long to hold, or of zero, is a usage error, not a crash",
        arguments: [
            ["train", "--timeout", "9999999999999d"], ["eval", "--timeout", "9999999999999d"],
            ["train", "--timeout", "0s"], ["eval", "--timeout", "0s"],
        ])
    func unusableTimeout(arguments: [String]) async throws {
        let workspace = try CLIWorkspace()
        let job =
            arguments[0] == "train"
            ? ["--backend", "b", "--dataset", workspace.dataset, "--config", workspace.config]
            : ["--backend", "b", "--model", "m", "--task", "t"]
        let result = try await workspace.run(arguments + job + ["--", "/bin/sh", workspace.trainScript])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("--timeout"), "\(result)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a long --timeout that fits is accepted", arguments: ["3650d", "1w"])
    func longTimeout(span: String) async throws {
        let workspace = try CLIWorkspace()
        let result = try await workspace.train(["--timeout", span])
        #expect(result.exitCode == 0, "\(result)")
    }
}
