import Foundation
import MOCache
import Testing

/// A dataset that is not a regular file (a FIFO, a device) is refused before anything is hashed or run:
/// a pipe gives its bytes once, so the job would read other bytes than those hashed, and opening one
/// waits for a writer (issue 10, item 8).
@Suite("mocache: datasets are regular files")
struct CLIDatasetKindTests {
    @Test("train with a FIFO as its dataset exits at once with a clear error; nothing runs or is stored")
    func fifoIsRefused() async throws {
        let workspace = try CLIWorkspace()
        let fifo = workspace.folder.path("data.fifo")
        let made = try await runProcess(executable: "/usr/bin/mkfifo", arguments: [fifo], timeout: 30)
        #expect(made.exitCode == 0, "\(made)")
        // Without a writer, opening the FIFO would wait forever: the timeout only catches a hang.
        let result = try await workspace.run(
            [
                "train", "--backend", "process:sft", "--dataset", fifo, "--config", workspace.config, "--",
                "/bin/sh", workspace.trainScript,
            ], timeout: 120)
        #expect(!result.timedOut, "mocache hung on the FIFO: \(result)")
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.contains("is a named pipe (FIFO), not a regular file"), "\(result)")
        #expect(workspace.trainCalls == 0)
        let hash = try await workspace.run(["hash", fifo], timeout: 120)
        #expect(!hash.timedOut && hash.exitCode == 1, "\(hash)")
        #expect(hash.stderr.contains("is a named pipe (FIFO), not a regular file"), "\(hash)")
    }

    @Test("train with a character device as its dataset is refused")
    func deviceIsRefused() async throws {
        let workspace = try CLIWorkspace()
        let result = try await workspace.run(
            [
                "train", "--backend", "process:sft", "--dataset", "/dev/null", "--config", workspace.config, "--",
                "/bin/sh", workspace.trainScript,
            ], timeout: 120)
        #expect(
            result.exitCode == 1 && result.stderr.contains("is a character device, not a regular file"), "\(result)")
        #expect(workspace.trainCalls == 0)
    }
}
