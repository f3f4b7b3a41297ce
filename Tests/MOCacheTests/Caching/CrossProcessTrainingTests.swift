import Foundation
import MOCache
import MOCacheTesting
import Testing

/// Single flight and crash recovery across real processes sharing one store: a SQLite file, or a
/// PostgreSQL server (each test runs on both).
@Suite("Training across processes")
struct CrossProcessTrainingTests {
    /// What a `mocache-test-worker train` process printed.
    struct WorkerResult: Decodable {
        let model_id: String
        let job_id: String?
        let served_from_cache: Bool
    }

    static func decode(_ output: String) throws -> WorkerResult {
        let line = try #require(output.split(separator: "\n").last, "no output")
        return try JSONDecoder().decode(WorkerResult.self, from: Data(line.utf8))
    }

    @Test("8 processes racing the same key start one job", arguments: SharedStoreKind.allCases)
    func eightProcessesOneJob(kind: SharedStoreKind) async throws {
        let folder = try TemporaryDirectory()
        let db = try await kind.makeLocation(in: folder)
        let jobs = folder.path("jobs")
        let results = try await withThrowingTaskGroup(of: ProcessResult.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await runProcess(
                        executable: testWorker, arguments: ["train", "--db", db, "--jobs", jobs, "--delay-ms", "1500"],
                        timeout: 300)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for result in results { #expect(result.exitCode == 0, "\(result.stderr)") }
        let decoded = try results.map { try Self.decode($0.stdout) }
        #expect(Set(decoded.map(\.model_id)).count == 1)
        #expect(decoded.count == 8)
        #expect(decoded.filter { !$0.served_from_cache }.count == 1)
        #expect(DummyTrainingBackend(jobDirectory: jobs).startCount == 1)
    }

    @Test(
        "an owner killed with kill -9 mid-job: another process re-attaches and finishes it, paying once",
        arguments: SharedStoreKind.allCases)
    func killedOwnerIsTakenOver(kind: SharedStoreKind) async throws {
        let folder = try TemporaryDirectory()
        let db = try await kind.makeLocation(in: folder)
        let jobs = folder.path("jobs")
        let owner = try await BackgroundWorker(
            ["train", "--db", db, "--jobs", jobs, "--delay-ms", "600000"], in: folder, name: "owner")
        let jobID = try await waitForRunningJob(kind, db: db, ownerLog: owner.errorPath)
        // A process killed with SIGKILL does no more work: no need to wait for its end.
        owner.sendKill()
        try await Self.endOwnersLease(kind, db: db)
        // The remote service finishes the job while nobody watches it.
        try Self.finishDummyJob(jobID, in: jobs)

        let successor = try await runProcess(
            executable: testWorker, arguments: ["train", "--db", db, "--jobs", jobs])
        #expect(successor.exitCode == 0, "\(successor.stderr)")
        let result = try Self.decode(successor.stdout)
        #expect(result.job_id == jobID)
        #expect(!result.served_from_cache)
        let reattached = successor.stderr.split(separator: "\n").first { $0.contains("re-attached to the job") }
        #expect(reattached?.contains("job=\(jobID)") == true, "\(successor.stderr)")
        #expect(DummyTrainingBackend(jobDirectory: jobs).startCount == 1)
    }

    @Test("a killed owner's job that cannot be re-attached runs again, once", arguments: SharedStoreKind.allCases)
    func killedProcessJobRunsAgain(kind: SharedStoreKind) async throws {
        let folder = try TemporaryDirectory()
        let db = try await kind.makeLocation(in: folder)
        let runs = folder.path("runs.log")
        let release = folder.path("release")
        let script = """
            echo run >> '\(runs)'
            while [ ! -f '\(release)' ]; do sleep 0.05; done
            echo '{"model_id": "m-process"}'
            """
        let arguments = ["train", "--db", db, "--backend", "process", "--script", script]
        let owner = try await BackgroundWorker(arguments, in: folder, name: "owner")
        _ = try await waitForRunningJob(kind, db: db, ownerLog: owner.errorPath)
        // A process killed with SIGKILL does no more work: no need to wait for its end.
        owner.sendKill()
        try await Self.endOwnersLease(kind, db: db)
        #expect(FileManager.default.createFile(atPath: release, contents: nil))

        let successor = try await runProcess(executable: testWorker, arguments: arguments)
        #expect(successor.exitCode == 0, "\(successor.stderr)")
        #expect(try Self.decode(successor.stdout).model_id == "m-process")
        let lines = try String(contentsOfFile: runs, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let third = try await runProcess(executable: testWorker, arguments: arguments)
        #expect(try Self.decode(third.stdout).served_from_cache)
    }

    /// Ends the lease of the killed owner of the one training run now, as its running out would, so that
    /// the successor takes over at once rather than after waiting on the clock.
    static func endOwnersLease(_ kind: SharedStoreKind, db: String) async throws {
        let store = try #require(try await kind.open(db, readOnly: false))
        let run = try #require(try await store.trainingRuns(matching: TrainingRunFilter()).first)
        let owner = try #require(run.lease?.owner, "the killed owner's run has no lease: \(run)")
        #expect(try await store.renewLease(for: .training(run.key), owner: owner, duration: -1))
        try await kind.close(store)
    }

    /// Makes a dummy job kept in `jobs` finish now, as a remote service would while its client is dead.
    static func finishDummyJob(_ jobID: String, in jobs: String) throws {
        let url = URL(fileURLWithPath: jobs).appendingPathComponent("\(jobID).json")
        var job = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        job["finishesAt"] = Date().timeIntervalSinceReferenceDate
        try JSONSerialization.data(withJSONObject: job).write(to: url)
    }

    /// Polls the store until a training run is running, and returns its job id.
    func waitForRunningJob(_ kind: SharedStoreKind, db: String, ownerLog: String) async throws -> String {
        let deadline = Date().addingTimeInterval(30)
        var store: (any CacheBackend)?
        var seen: [String] = []
        while Date() < deadline {
            if store == nil { store = try await kind.open(db, readOnly: true) }
            if let runs = try await store?.trainingRuns(matching: TrainingRunFilter()) {
                seen.append(runs.map { "\($0.status)" }.joined(separator: ","))
            }
            if let running = try await store?.trainingRuns(matching: TrainingRunFilter()).first,
                running.status == .running, let jobID = running.jobID
            {
                if let store { try await kind.close(store) }
                return jobID
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        if let store { try await kind.close(store) }
        let log = (try? String(contentsOfFile: ownerLog, encoding: .utf8)) ?? ""
        throw MOCacheError(.timedOut, "no training run started within 30 s; saw \(Set(seen)); the owner said:\n\(log)")
    }
}
