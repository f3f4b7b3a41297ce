import Foundation
import MOCache
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `mocache train` and the command it runs: signals and `--timeout` end the whole process group, and a
/// large configuration reaches the command (issue 10, items 10 and 14).
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

    @Test("a 1 MiB configuration reaches the command; the environment stays small")
    func largeConfig() async throws {
        let workspace = try CLIWorkspace()
        let blob = String(repeating: "abcdefgh", count: (1 << 20) / 8)
        let config = try workspace.write(
            "big.json", #"{"base_model": "tiny", "hyperparameters": {"blob": "\#(blob)"}}"#)
        let script = try workspace.write(
            "big.sh",
            """
            stdin_bytes=$(wc -c | tr -d ' ')
            config_bytes=$(wc -c < "$MOCACHE_CONFIG_FILE" | tr -d ' ')
            env_bytes=$(env | wc -c | tr -d ' ')
            echo "{\\"model_id\\": \\"big-$stdin_bytes-$config_bytes\\", \\"env\\": $env_bytes}"
            """)
        let result = try await workspace.run(
            [
                "train", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", config, "--format",
                "json", "--", "/bin/sh", script,
            ])
        #expect(result.exitCode == 0, "\(result.exitCode) \(result.stderr.suffix(2000))")
        let document = try result.json()
        let parts = document["model_id"]?.stringValue?.split(separator: "-") ?? []
        #expect(parts.count == 3 && (Int(parts[1]) ?? 0) > 1 << 20 && (Int(parts[2]) ?? 0) > 1 << 20, "\(parts)")
        #expect((document["metadata"]?["env"]?.doubleValue ?? .infinity) < Double(512 << 10))
        #expect(document["entry"]?["status"] == "succeeded")
    }
}
