import Foundation
import MOCache
import Testing

/// The SQLite store's lease fence, with real processes (issue 10, item 7): the same case as the
/// PostgreSQL store's `pausedOwnerCannotOverwriteItsSuccessor`.
@Suite("mocache: lease fences on SQLite")
struct CLIFenceTests {
    @Test("a paused owner (SIGSTOP past its lease, then SIGCONT) cannot store its result over its successor's job")
    func pausedOwnerCannotOverwriteItsSuccessor() async throws {
        let workspace = try CLIWorkspace()
        let folder = workspace.folder
        func gated(_ name: String, model: String) throws -> String {
            try workspace.write(
                "\(name).sh",
                """
                cat > /dev/null
                touch '\(folder.path("\(name)-started"))'
                while [ ! -e '\(folder.path("\(name)-go"))' ]; do sleep 0.05; done
                echo '{"model_id": "\(model)"}'
                """)
        }
        let first = try gated("a", model: "model-a")
        let second = try gated("b", model: "model-b")
        func train(_ lease: String, _ script: String, _ name: String) -> String {
            """
            '\(mocacheBinary)' train --db '\(workspace.db)' --lease \(lease) --backend process:sft \
              --dataset '\(workspace.dataset)' --config '\(workspace.config)' -- /bin/sh '\(script)' \
              > '\(folder.path("\(name).out"))' 2> '\(folder.path("\(name).err"))' &
            """
        }
        let shell = """
            \(train("1s", first, "a"))
            a=$!
            for i in $(seq 2400); do [ -e '\(folder.path("a-started"))' ] && break; sleep 0.05; done
            kill -STOP $a
            # Past the paused owner's one-second lease: the successor takes the key over.
            sleep 2
            \(train("60s", second, "b"))
            b=$!
            for i in $(seq 2400); do [ -e '\(folder.path("b-started"))' ] && break; sleep 0.05; done
            touch '\(folder.path("a-go"))'
            kill -CONT $a
            for i in $(seq 2400); do grep -q 'lost its lease' '\(folder.path("a.err"))' && break; sleep 0.05; done
            '\(mocacheBinary)' models --db '\(workspace.db)' --format json > '\(folder.path("during.json"))'
            touch '\(folder.path("b-go"))'
            wait $b; echo "b=$?"
            wait $a; echo "a=$?"
            """
        let result = try await runProcess(
            executable: "/bin/sh", arguments: ["-c", shell], environment: ["MOCACHE_DB": "", "NO_COLOR": ""],
            timeout: 180)
        func text(_ name: String) -> String {
            (try? String(contentsOfFile: folder.path(name), encoding: .utf8)) ?? ""
        }
        let errors = text("a.err")
        #expect(result.stdout.contains("a=0") && result.stdout.contains("b=0") && !result.timedOut, "\(result)")
        #expect(errors.contains("lost its lease"), "\(errors)")
        // While the successor's job ran, the store held no result: the paused owner's was refused.
        let during = try JSONValue(parsing: text("during.json"))
        #expect(during.arrayValue?.first?["status"] == "running", "\(during)")
        #expect(during.arrayValue?.first?["model_id"] != "model-a", "\(during)")
        // Both print the model the store serves: the successor's.
        #expect(text("b.out") == "model-b\n", "\(text("b.out"))")
        #expect(text("a.out") == "model-b\n", "\(text("a.out"))\n\(errors)")
        let models = try await workspace.run(["models", "--format", "json"]).json()
        #expect(models.arrayValue?.map { $0["model_id"] } == ["model-b"], "\(models)")
    }
}
