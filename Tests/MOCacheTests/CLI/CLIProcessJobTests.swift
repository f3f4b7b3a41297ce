import Foundation
import MOCache
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `mocache train` and the command it runs: signals and `--timeout` end the whole process group (issue 10,
/// item 10).
@Suite("mocache: the job's process")
struct CLIProcessJobTests {
    /// Starts `mocache train` in the background with a script whose helper ignores SIGTERM, waits until the
    /// helper runs, sends `signal` to mocache and reports mocache's exit status and the helper's pid.
    static func trainAndSignal(_ signal: String, workspace: CLIWorkspace) async throws -> (ProcessResult, pid_t) {
        let pidFile = workspace.folder.path("helper.pid")
        let script = try workspace.write(
            "stubborn.sh", ProcessGroupTests.stubbornScript(pidFile: pidFile) + "\necho '{\"model_id\": \"x\"}'\n")
        let shell = """
            '\(mocacheBinary)' train --db '\(workspace.db)' --backend process:sft --dataset '\(workspace.dataset)' \
              --config '\(workspace.config)' -- /bin/sh '\(script)' &
            pid=$!
            for i in $(seq 200); do [ -s '\(pidFile)' ] && break; sleep 0.05; done
            kill -\(signal) $pid
            wait $pid
            echo "exit=$?"
            """
        let result = try await runProcess(executable: "/bin/sh", arguments: ["-c", shell], timeout: 60)
        return (result, try await ProcessGroupTests.helperPID(pidFile))
    }

    @Test(
        "SIGTERM and SIGINT end the job's whole group, a helper that ignores SIGTERM included",
        arguments: ["TERM", "INT"])
    func signalEndsGroup(signal: String) async throws {
        let workspace = try CLIWorkspace()
        let (result, helper) = try await Self.trainAndSignal(signal, workspace: workspace)
        defer { kill(helper, SIGKILL) }
        #expect(result.stdout.contains("exit=130") && !result.timedOut, "\(result)")
        #expect(try await !ProcessGroupTests.outlives(helper), "the helper \(helper) outlived mocache: \(result)")
        let models = try await workspace.run(["models", "--format", "json"]).json()
        #expect(models.arrayValue?.first?["status"] == "cancelled", "\(models)")
    }

    @Test("--timeout ends the job's whole group, a helper that ignores SIGTERM included")
    func timeoutEndsGroup() async throws {
        let workspace = try CLIWorkspace()
        let pidFile = workspace.folder.path("helper.pid")
        let script = try workspace.write("stubborn.sh", ProcessGroupTests.stubbornScript(pidFile: pidFile))
        let result = try await workspace.run(
            [
                "train", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", workspace.config,
                "--timeout", "1s", "--", "/bin/sh", script,
            ])
        let helper = try await ProcessGroupTests.helperPID(pidFile)
        defer { kill(helper, SIGKILL) }
        #expect(result.exitCode != 0 && result.stderr.contains("time limit") && !result.timedOut, "\(result)")
        #expect(try await !ProcessGroupTests.outlives(helper), "the helper \(helper) outlived mocache: \(result)")
    }
}
