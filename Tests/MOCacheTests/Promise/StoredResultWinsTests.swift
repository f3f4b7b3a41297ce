import Foundation
import MOCache
import MOCacheTesting
import Testing

/// The model id a command prints is the one the store serves: a paused owner that finishes after its
/// successor prints the stored model and says another worker's was kept; refresh runs a key once, however
/// many callers ask at the same time (issue 10 item 7, the part in the wrappers).
@Suite("The stored result wins")
struct StoredResultWinsTests {
    @Test("an owner paused past its lease (SIGSTOP) that finishes after its successor prints the stored model")
    func pausedOwnerPrintsStoredModel() async throws {
        let workspace = try PromiseWorkspace()
        let script = """
            GATE_MODEL=MODEL-A \(workspace.trainCommand("--lease 1s")) > a.out 2> a.err &
            a=$!
            for i in $(seq 600); do [ -f started ] && break; sleep 0.05; done
            kill -STOP $a
            rm started
            sleep 1.5
            GATE_MODEL=MODEL-B \(workspace.trainCommand("--lease 1s")) > b.out 2> b.err &
            b=$!
            for i in $(seq 600); do [ -f started ] && break; sleep 0.05; done
            touch release
            wait $b; echo "b=$?"
            kill -CONT $a
            wait $a; echo "a=$?"
            echo "A printed $(cat a.out)"
            echo "B printed $(cat b.out)"
            cat a.err >&2
            """
        let result = try await workspace.shell(script)
        #expect(result.stdout.contains("a=0") && result.stdout.contains("b=0"), "\(result)")
        #expect(result.stdout.contains("B printed MODEL-B"), "\(result)")
        #expect(result.stdout.contains("A printed MODEL-B"), "\(result)")
        #expect(result.stderr.contains("another worker's result was kept"), "\(result)")
        #expect(workspace.cli.trainCalls == 2)
        let models = try await workspace.models()
        #expect(models.map { $0["model_id"] } == ["MODEL-B"], "\(models)")
    }

    @Test("two processes refreshing the same key at once run the job once")
    func concurrentRefreshAcrossProcesses() async throws {
        let workspace = try PromiseWorkspace()
        #expect(FileManager.default.createFile(atPath: workspace.release, contents: nil))
        let seeded = try await workspace.shell(workspace.trainCommand())
        #expect(seeded.exitCode == 0, "\(seeded)")
        try FileManager.default.removeItem(atPath: workspace.release)
        try FileManager.default.removeItem(atPath: workspace.started)
        let script = """
            \(workspace.trainCommand("--policy refresh")) > one.out 2> one.err &
            one=$!
            for i in $(seq 600); do [ -f started ] && break; sleep 0.05; done
            \(workspace.trainCommand("--policy refresh --verbose")) > two.out 2> two.err &
            two=$!
            for i in $(seq 600); do grep -q 'held by another worker' two.err && break; sleep 0.05; done
            touch release
            wait $one; echo "one=$?"
            wait $two; echo "two=$?"
            """
        let result = try await workspace.shell(script)
        #expect(result.stdout.contains("one=0") && result.stdout.contains("two=0"), "\(result)")
        #expect(workspace.cli.trainCalls == 2, "the seed and one refresh")
    }

    @Test("four concurrent refresh calls in one process run the job once")
    func concurrentRefreshInProcess() async throws {
        let folder = try TemporaryDirectory()
        let store = try await SQLiteCacheBackend(path: folder.path("cache.sqlite"))
        let dummy = DummyTrainingBackend(delay: .milliseconds(300))
        let trainer = CachedTrainingBackend(dummy, store: store)
        let request = TrainingRequest(dataset: .bytes(Data("x\n".utf8)), baseModel: "tiny")
        _ = try await trainer.train(request)
        let models = try await withThrowingTaskGroup(of: TrainedModel.self) { group in
            for _ in 0..<4 { group.addTask { try await trainer.train(request, policy: .refresh) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(models.count == 4)
        #expect(dummy.startCount == 2, "the first call and one refresh")
        try await store.close()
    }
}
