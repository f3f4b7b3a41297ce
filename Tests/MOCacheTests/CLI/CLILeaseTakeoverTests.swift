import Foundation
import MOCache
import Testing

/// A waiter says what it waits for, and takes over at once from a lease holder of this host whose process
/// is gone (issue 10, item 11).
@Suite("mocache: waiting for a lease, and a dead holder")
struct CLILeaseTakeoverTests {
    @Test("after kill -9 of the holder, a waiter with a 600 s lease takes over at once; it said what it waited for")
    func killedHolderIsTakenOverAtOnce() async throws {
        let workspace = try CLIWorkspace()
        let folder = workspace.folder
        // The first job says it started, then waits for `go` (it outlives its killed worker: re-attaching
        // such an orphan is not done, and the test lets it end).
        let gated = try workspace.write(
            "gated.sh",
            """
            cat > /dev/null
            touch '\(folder.path("started"))'
            while [ ! -e '\(folder.path("go"))' ]; do sleep 0.05; done
            echo '{"model_id": "ft-orphan"}'
            """)
        let train = """
            '\(mocacheBinary)' train --db '\(workspace.db)' --lease 600s --backend process:sft \
              --dataset '\(workspace.dataset)' --config '\(workspace.config)' --
            """
        let shell = """
            \(train) /bin/sh '\(gated)' > '\(folder.path("first.out"))' 2> '\(folder.path("first.err"))' &
            first=$!
            for i in $(seq 2400); do [ -e '\(folder.path("started"))' ] && break; sleep 0.05; done
            timeout 50 \(train) /bin/sh '\(workspace.trainScript)' > '\(folder.path("second.out"))' \
              2> '\(folder.path("second.err"))' &
            second=$!
            for i in $(seq 2400); do grep -q 'waiting for' '\(folder.path("second.err"))' && break; sleep 0.05; done
            echo "first=$first"
            kill -9 $first
            wait $first
            wait $second
            echo "second=$?"
            touch '\(folder.path("go"))'
            """
        // Far less than the 600 s lease: the waiter must not wait it out (and `timeout` ends it if it does).
        let result = try await runProcess(
            executable: "/bin/sh", arguments: ["-c", shell], environment: ["MOCACHE_DB": "", "NO_COLOR": ""],
            timeout: 60)
        try workspace.write("go", "")
        let errors = (try? String(contentsOfFile: folder.path("second.err"), encoding: .utf8)) ?? ""
        let output = (try? String(contentsOfFile: folder.path("second.out"), encoding: .utf8)) ?? ""
        #expect(!result.timedOut && result.stdout.contains("second=0"), "\(result)\n\(errors)")
        #expect(output.hasPrefix("ft-"), "\(output)\n\(errors)")
        #expect(workspace.trainCalls == 1, "\(errors)")

        // The waiter said once what it waited for: the entry, the holder's host and pid, the lease's end.
        let firstPID = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("first=") }?.dropFirst(6))
        let waiting = errors.split(separator: "\n").filter { $0.contains("waiting for") }
        #expect(waiting.count == 1, "\(errors)")
        let line = String(waiting.first ?? "")
        #expect(line.contains("entry=t1") && line.contains("pid=\(firstPID)"), "\(line)")
        #expect(
            line.contains("host=\(ProcessInfo.processInfo.hostName)") && line.contains("lease_expires_at="), "\(line)")
        #expect(errors.contains("taking it over"), "\(errors)")
        let models = try await workspace.run(["models", "--format", "json"]).json()
        #expect(models.arrayValue?.first?["status"] == "succeeded", "\(models)")
    }
}
