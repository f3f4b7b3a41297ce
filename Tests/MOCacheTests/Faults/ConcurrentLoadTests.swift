import Foundation
import MOCache
import Testing

extension Faults {
    /// Eight processes reading and writing one database at once.
    @Suite("8 processes on one database")
    struct ConcurrentLoad {
        static let workers = 8
        static let ops = 300

        /// Eight `mixed-load` workers create the database together, wait for each other, then each does
        /// 300 seeded operations (own training runs and evaluations, races for 16 shared keys, lookups of
        /// the others' entries with hits counted, listings). Afterwards: no worker saw an error, every
        /// acknowledged write and counted hit is in the file, nothing else is, and each shared key was
        /// finished by one worker.
        @Test func eightProcessesMixingReadsAndWritesSeeNoErrorAndLoseNothing() async throws {
            let folder = try TemporaryDirectory()
            let path = folder.path("cache.sqlite")
            let results = try await withThrowingTaskGroup(of: ProcessResult.self) { group in
                for worker in 0..<Self.workers {
                    group.addTask {
                        try await runProcess(
                            executable: testWorker,
                            arguments: [
                                "mixed-load", "--db", path, "--worker", "\(worker)", "--workers", "\(Self.workers)",
                                "--ops", "\(Self.ops)", "--seed", "5", "--barrier", folder.path("barrier"),
                            ],
                            timeout: 300)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            var acknowledged = Acknowledgements()
            var windows: [(start: Int, end: Int)] = []
            for result in results {
                #expect(result.exitCode == 0 && !result.timedOut, "\(result)")
                #expect(result.stderr.isEmpty, "a worker logged a warning or an error:\n\(result.stderr)")
                #expect(result.stdout.contains("done ops=\(Self.ops)\n"), "\(result)")
                acknowledged.merge(try Acknowledgements(parsing: result.stdout))
                if let window = result.stdout.split(separator: "\n").first(where: { $0.hasPrefix("window ") }) {
                    let times = window.split(separator: " ").dropFirst().compactMap { Int($0) }
                    if times.count == 2 { windows.append((times[0], times[1])) }
                }
            }
            try #require(results.allSatisfy { $0.exitCode == 0 })

            // The work really overlapped: each worker ran its operations while others ran theirs (loosely
            // checked: a loaded machine may start one late, but not after all the others finished).
            #expect(windows.count == Self.workers)
            for (index, window) in windows.enumerated() {
                let overlapping = windows.indices.filter { other in
                    other != index && windows[other].start < window.end && window.start < windows[other].end
                }
                #expect(!overlapping.isEmpty, "worker window \(window) overlaps no other: \(windows)")
            }
            // Enough of each kind happened for the checks below to mean something.
            #expect(acknowledged.training.count > Self.workers * Self.ops / 5, "\(acknowledged.training.count)")
            #expect(acknowledged.evals.count > Self.workers * Self.ops / 20, "\(acknowledged.evals.count)")
            #expect(!acknowledged.shared.isEmpty)
            #expect(acknowledged.hits.values.reduce(0, +) > Self.workers * Self.ops / 10)
            #expect(acknowledged.duplicates.isEmpty, "\(acknowledged.duplicates)")

            #expect(try await sqliteIntegrityCheck(path) == "ok")
            let stored = try StoredEntries(path)
            // Every acknowledged write is there; single flight held for the shared keys.
            let missing = stored.missing(acknowledged)
            #expect(missing.isEmpty, "\(missing.count) acknowledged writes are missing: \(missing.prefix(10))")
            // Nothing finished without its caller being told: all workers ended normally.
            let extra = stored.unacknowledged(acknowledged)
            #expect(extra.isEmpty, "\(extra.count) entries nobody acknowledged: \(extra.prefix(10))")
            #expect(stored.evalsWithoutScore.isEmpty)
            // Every counted hit was written (close() writes the last ones), on the right entry.
            for (key, run) in stored.training where run.hitCount != acknowledged.hits[key, default: 0] {
                Issue.record("\(key): \(run.hitCount) hits stored, \(acknowledged.hits[key, default: 0]) counted")
            }

            // The store reads the same through its own API.
            let store = try await SQLiteCacheBackend(path: path, access: .readOnly, logger: StoreFixture.quiet)
            for (key, model) in acknowledged.training.prefix(200) {
                #expect(try await store.trainingRun(for: key)?.modelID == model)
            }
            let evals = try await store.evalResults(for: Array(acknowledged.evals.keys))
            #expect(evals.count == acknowledged.evals.count)
            try await store.close()
        }
    }
}
