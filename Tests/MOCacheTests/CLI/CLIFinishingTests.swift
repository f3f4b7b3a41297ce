import Foundation
import MOCache
import Testing

/// A job that was paid for keeps its result, whatever happens to its entry or the database's lock while
/// it runs (issue 10, items 1 and 2).
@Suite("mocache: a finished job keeps its result")
struct CLIFinishingTests {
    /// A training command that says it started (the file `started`), waits for the file `go`, then prints
    /// the model `ft-kept`.
    static func gatedScript(_ workspace: CLIWorkspace) throws -> String {
        try workspace.write(
            "gated.sh",
            """
            cat > /dev/null
            touch '\(workspace.folder.path("started"))'
            while [ ! -e '\(workspace.folder.path("go"))' ]; do sleep 0.05; done
            echo '{"model_id": "ft-kept"}'
            """)
    }

    /// Waits until the file at `path` exists.
    static func waitForFile(_ path: String, timeout: TimeInterval = 60) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !FileManager.default.fileExists(atPath: path) {
            guard Date() < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("rm refuses a running entry without --force; a job whose entry was removed stores its result anyway")
    func removedWhileRunning() async throws {
        let workspace = try CLIWorkspace()
        let script = try Self.gatedScript(workspace)
        async let training = workspace.run(
            [
                "train", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", workspace.config,
                "--", "/bin/sh", script,
            ], timeout: 120, limited: false)
        try await Self.waitForFile(workspace.folder.path("started"))

        let refused = try await workspace.run(["rm", "t1"])
        #expect(refused.exitCode == 1, "\(refused)")
        #expect(refused.stderr.contains("--force") && refused.stderr.contains("pays for the job"), "\(refused)")
        #expect(refused.stderr.contains("Nothing was removed"), "\(refused)")
        let stillThere = try await workspace.run(["models", "--format", "json"]).json()
        #expect(stillThere.arrayValue?.count == 1, "\(stillThere)")

        let forced = try await workspace.run(["rm", "--force", "t1"])
        #expect(forced.exitCode == 0 && forced.stdout.contains("removed t1"), "\(forced)")
        try workspace.write("go", "")

        let trained = try await training
        #expect(trained.exitCode == 0, "\(trained)")
        #expect(trained.stdout.contains("ft-kept"), "\(trained)")
        let models = try await workspace.run(["models", "--format", "json"]).json()
        #expect(models.arrayValue?.count == 1, "\(models)")
        #expect(models.arrayValue?.first?["model_id"] == "ft-kept", "\(models)")
        #expect(models.arrayValue?.first?["status"] == "succeeded", "\(models)")
        // The next call is served: nothing is paid twice.
        let again = try await workspace.train()
        #expect(again.exitCode == 0 && again.stdout.contains("ft-kept") && workspace.trainCalls == 0, "\(again)")
    }

    /// Runs `mocache train --busy-timeout 1` with the gated script while a `sqlite3` shell holds the
    /// database's write lock (`BEGIN IMMEDIATE`) from before the job ends until the finishing write has
    /// been refused twice; then `thenRun` (shell lines), then the lock is released. Prints `exit=N`.
    static func trainUnderLock(_ workspace: CLIWorkspace, script: String, thenRun: String) async throws
        -> ProcessResult
    {
        let folder = workspace.folder
        let shell = """
            '\(mocacheBinary)' train --db '\(workspace.db)' --busy-timeout 1 --backend process:sft \
              --dataset '\(workspace.dataset)' --config '\(workspace.config)' -- /bin/sh '\(script)' \
              > '\(folder.path("train.out"))' 2> '\(folder.path("train.err"))' &
            pid=$!
            for i in $(seq 2400); do [ -e '\(folder.path("started"))' ] && break; sleep 0.05; done
            (echo 'BEGIN IMMEDIATE;'; echo ".shell touch '\(folder.path("locked"))'"; \
              while [ ! -e '\(folder.path("release"))' ]; do sleep 0.05; done; echo 'COMMIT;') \
              | /usr/bin/sqlite3 '\(workspace.db)' &
            lock=$!
            for i in $(seq 2400); do [ -e '\(folder.path("locked"))' ] && break; sleep 0.05; done
            touch '\(folder.path("go"))'
            for i in $(seq 2400); do
              [ "$(grep -c 'retrying until' '\(folder.path("train.err"))')" -ge 2 ] && break; sleep 0.05
            done
            \(thenRun)
            touch '\(folder.path("release"))'
            wait $lock
            wait $pid
            echo "exit=$?"
            """
        return try await runProcess(
            executable: "/bin/sh", arguments: ["-c", shell], environment: ["MOCACHE_DB": "", "NO_COLOR": ""],
            timeout: 180)
    }

    @Test("a write lock held past the busy timeout when the job ends: the write is retried, the result stored")
    func lockedWhenTheJobEnds() async throws {
        let workspace = try CLIWorkspace()
        let result = try await Self.trainUnderLock(workspace, script: try Self.gatedScript(workspace), thenRun: "")
        let output = try String(contentsOfFile: workspace.folder.path("train.out"), encoding: .utf8)
        let errors = try String(contentsOfFile: workspace.folder.path("train.err"), encoding: .utf8)
        #expect(result.stdout.contains("exit=0") && !result.timedOut, "\(result)\n\(errors)")
        #expect(output.contains("ft-kept"), "\(output)\n\(errors)")
        #expect(errors.contains("locked by another process"), "\(errors)")
        let models = try await workspace.run(["models", "--format", "json"]).json()
        #expect(models.arrayValue?.first?["model_id"] == "ft-kept", "\(models)")
        #expect(models.arrayValue?.first?["status"] == "succeeded", "\(models)")
    }

    @Test("a signal while the finishing write waits for the lock: the result is kept aside and stored later")
    func signalledWhileLocked() async throws {
        let workspace = try CLIWorkspace()
        let result = try await Self.trainUnderLock(
            workspace, script: try Self.gatedScript(workspace),
            thenRun: "kill -TERM $pid; wait $pid; echo \"signalled=$?\"")
        let output = try String(contentsOfFile: workspace.folder.path("train.out"), encoding: .utf8)
        let errors = try String(contentsOfFile: workspace.folder.path("train.err"), encoding: .utf8)
        #expect(result.stdout.contains("signalled=0") && !result.timedOut, "\(result)\n\(errors)")
        // The model id is printed, and the result waits beside the database.
        #expect(output.contains("ft-kept"), "\(output)\n\(errors)")
        #expect(errors.contains("kept aside"), "\(errors)")
        let pending = workspace.db + ".pending"
        let kept = try FileManager.default.contentsOfDirectory(atPath: pending)
        #expect(kept.count == 1 && kept[0].hasSuffix(".json"), "\(kept)")

        // The next process that opens the store for writing stores it: the next call is served.
        let again = try await workspace.train()
        #expect(again.exitCode == 0 && again.stdout.contains("ft-kept"), "\(again)")
        #expect(workspace.trainCalls == 0, "the job ran again: \(again)")
        #expect(!FileManager.default.fileExists(atPath: pending), "\(pending) is left")
        let models = try await workspace.run(["models", "--format", "json"]).json()
        #expect(models.arrayValue?.first?["status"] == "succeeded", "\(models)")
    }
}
