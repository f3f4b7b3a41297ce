import Foundation
import MOCache
import Testing

extension Faults {
    /// Writers killed with `kill -9` at random moments.
    @Suite("kill -9")
    struct KillNine {
        static let rounds = 24

        /// 24 rounds on one database. Each round starts two `write-loop` writers and kills each with
        /// `SIGKILL` at its own seeded random moment, 20 to 300 ms after both opened the store (every
        /// fourth round: after they were started, so that the kill may land while a writer opens, creates
        /// or recovers the database). After each round the `sqlite3` shell finds the file sound, every
        /// write acknowledged so far is there, and at most one unacknowledged entry per killed writer
        /// appeared (the one finished between its commit and its line). The write-ahead log each round
        /// leaves is recovered by the next round's writers. At the end a writer runs to completion and
        /// the store's own verification is clean.
        @Test func writersKilledAtRandomMomentsLoseNoAcknowledgedWrite() async throws {
            let folder = try TemporaryDirectory()
            let path = folder.path("cache.sqlite")
            var random = SplitMix64(seed: 0x6B69_6C6C)
            var acknowledged = Acknowledgements()
            var unacknowledged: Set<String> = []
            var killedBeforeOpening = 0
            var killedBeforeFirstWrite = 0
            let started = Date()

            for round in 0..<Self.rounds {
                var writers: [BackgroundWorker] = []
                for index in 0..<2 {
                    writers.append(
                        try await BackgroundWorker(
                            ["write-loop", "--db", path, "--writer", "\(round * 2 + index)"], in: folder,
                            name: "round-\(round)-\(index)"))
                }
                let delays = writers.map { _ in Double(Int.random(in: 20...300, using: &random)) / 1000 }
                if round % 4 != 0 {
                    for writer in writers {
                        let opened = try await writer.waitForLine("open", timeout: 120)
                        try #require(opened, "round \(round): a writer never opened the store: \(writer.errors())")
                    }
                }
                let reference = Date()
                for (writer, delay) in zip(writers, delays).sorted(by: { $0.1 < $1.1 }) {
                    let wait = delay - Date().timeIntervalSince(reference)
                    if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
                    try #require(
                        writer.isRunning, "round \(round): a writer ended before its kill: \(writer.errors())")
                    writer.sendKill()
                }
                for writer in writers {
                    let exited = try await writer.waitForExit(timeout: 60)
                    try #require(exited, "round \(round): a writer survived kill -9")
                    #expect(writer.wasKilled)
                    #expect(writer.errors().isEmpty, "round \(round): \(writer.errors())")
                    let output = writer.output()
                    if !output.contains("open\n") { killedBeforeOpening += 1 }
                    if !output.contains("ack ") { killedBeforeFirstWrite += 1 }
                    acknowledged.merge(try Acknowledgements(parsing: output))
                }

                guard fileExists(path) else {
                    // Both writers died before the database was created: nothing can be acknowledged.
                    #expect(acknowledged.count == 0)
                    continue
                }
                #expect(try await sqliteIntegrityCheck(path) == "ok", "round \(round)")
                let stored = try StoredEntries(path)
                let missing = stored.missing(acknowledged)
                #expect(missing.isEmpty, "round \(round): \(missing.count) lost: \(missing.prefix(5))")
                let extra = Set(stored.unacknowledged(acknowledged)).subtracting(unacknowledged)
                #expect(extra.count <= 2, "round \(round): entries nobody acknowledged: \(extra)")
                unacknowledged.formUnion(extra)
                #expect(stored.evalsWithoutScore.isEmpty)
            }
            #expect(acknowledged.duplicates.isEmpty, "\(acknowledged.duplicates)")
            // The kills landed at different moments: most writers wrote something first.
            #expect(acknowledged.count > Self.rounds * 2, "only \(acknowledged.count) writes acknowledged")
            #expect(killedBeforeFirstWrite < Self.rounds, "\(killedBeforeFirstWrite) writers never wrote")

            // After all the kills, a writer runs to its end and the store finds the file sound.
            let finisher = try await runProcess(
                executable: testWorker,
                arguments: ["write-loop", "--db", path, "--writer", "\(Self.rounds * 2)", "--count", "20"],
                timeout: 120)
            #expect(
                finisher.exitCode == 0 && finisher.stdout.hasSuffix("done\n") && finisher.stderr.isEmpty, "\(finisher)")
            acknowledged.merge(try Acknowledgements(parsing: finisher.stdout))
            let store = try await SQLiteCacheBackend(path: path, logger: StoreFixture.quiet)
            let report = try await store.verify()
            #expect(report.isHealthy, "\(report)")
            try await store.close()
            let missing = try StoredEntries(path).missing(acknowledged)
            #expect(missing.isEmpty, "\(missing.count) acknowledged writes lost: \(missing.prefix(5))")
            print(
                "kill -9: \(Self.rounds) rounds, \(Self.rounds * 2) writers killed "
                    + "(\(killedBeforeOpening) before opening the store, \(killedBeforeFirstWrite) before a first "
                    + "write), \(acknowledged.count) writes acknowledged, \(unacknowledged.count) finished "
                    + "unacknowledged, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }

        /// A process creates a new database at a temporary path and renames it into place; one killed in
        /// between leaves its temporary files, which the next process to create the database removes
        /// (it holds the lock, so nobody else is creating one).
        @Test func temporaryFilesOfACreatorKilledMidwayAreRemovedByTheNext() async throws {
            let root = try TemporaryDirectory()
            var caught: String?
            // Kill the creator the moment its temporary file appears; try again when it was too quick.
            for attempt in 0..<20 where caught == nil {
                let folder = root.path("\(attempt)")
                let creator = try await BackgroundWorker(
                    ["open-store", folder + "/cache.sqlite"], in: root, name: "creator-\(attempt)")
                let deadline = Date().addingTimeInterval(60)
                while creator.isRunning && Date() < deadline {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                    if names.contains(where: { $0.contains(".creating-") }) {
                        creator.sendKill()
                        caught = folder
                        break
                    }
                    try await Task.sleep(for: .milliseconds(1))
                }
                #expect(try await creator.waitForExit(timeout: 60))
            }
            let folder = try #require(caught, "no creator was caught while creating the database")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).contains { $0.contains(".creating-") })

            let next = try await runProcess(
                executable: testWorker, arguments: ["open-store", folder + "/cache.sqlite"], timeout: 120)
            #expect(
                next.exitCode == 0 && next.value("schema_version") == "\(SQLiteCacheBackend.supportedSchemaVersion)",
                "\(next)")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(!names.contains { $0.contains(".creating-") }, "left behind: \(names)")
        }
    }
}
