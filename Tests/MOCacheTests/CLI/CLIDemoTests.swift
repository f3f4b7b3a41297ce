import Foundation
import MOCache
import MOCacheCLI
import Testing

/// The built `mocache` binary's demo, the commands it tells people to run, and terminal behaviour.
@Suite("mocache: demo, colour, logging")
struct CLIDemoTests {
    @Test("demo: computes everything once, then serves everything; the commands it prints work")
    func demo() async throws {
        let workspace = try CLIWorkspace()
        let first = try await workspace.run(["demo"], timeout: 120)
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.lines[0].hasPrefix("LEARNING RATE  MODEL "))
        #expect(first.stdout.contains("computed:  3 trainings, 6 evals\n"))
        #expect(first.stdout.contains("served:    0 trainings, 0 evals from the cache\n"))
        #expect(first.stderr.contains("Running the demo sweep through the cache at \(workspace.db)"))

        let second = try await workspace.run(["demo", "--format", "json"], timeout: 120)
        #expect(second.exitCode == 0, "\(second)")
        let report = try second.json()
        #expect(report["computed"] == ["trainings": 0, "evals": 0])
        #expect(report["served"] == ["trainings": 3, "evals": 6])
        #expect((report["saved_seconds"]?.doubleValue ?? 0) > 0)
        #expect(report["configs"]?.arrayValue?.count == 3)
        #expect(report["configs"]?.arrayValue?.allSatisfy { $0["training_served_from_cache"] == true } == true)

        let third = try await workspace.run(["demo"], timeout: 120)
        #expect(third.stdout.contains("served:    3 trainings, 6 evals from the cache\n"))
        #expect(third.lines.dropFirst().prefix(3).allSatisfy { $0.hasSuffix("cache") })

        // Every command the demo prints runs, as printed, and finds what was stored.
        let commands = third.lines.filter { $0.hasPrefix("  mocache ") || $0.hasPrefix("  sqlite3 ") }
        #expect(commands.count == 5, "\(third)")
        let models = try await workspace.run(["models", "--format", "json"]).json()
        let modelIDs = models.arrayValue?.compactMap { $0["model_id"]?.stringValue } ?? []
        #expect(modelIDs.count == 3)
        for command in commands {
            let line = command.trimmingCharacters(in: .whitespaces)
            let shell = line.hasPrefix("mocache ") ? "'\(mocacheBinary)'" + line.dropFirst("mocache".count) : line
            let result = try await runProcess(executable: "/bin/sh", arguments: ["-c", shell])
            #expect(result.exitCode == 0, "\(line): \(result)")
            if !line.contains("stats") {
                #expect(modelIDs.allSatisfy(result.stdout.contains), "\(line): \(result)")
            }
        }
    }

    @Test("colour only on a terminal, and never with NO_COLOR")
    func colour() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let command = "'\(mocacheBinary)' models --db '\(workspace.db)'"
        let plain = try await runProcess(executable: "/bin/sh", arguments: ["-c", command])
        #expect(!plain.stdout.contains("\u{1B}["), "not a terminal")
        let terminal = try await runProcess(
            executable: "/usr/bin/script", arguments: ["-qec", command, "/dev/null"],
            environment: ["NO_COLOR": "", "TERM": "xterm"])
        #expect(terminal.exitCode == 0, "\(terminal)")
        #expect(terminal.stdout.contains("\u{1B}[32msucceeded\u{1B}[0m"), "\(terminal)")
        let noColor = try await runProcess(
            executable: "/usr/bin/script", arguments: ["-qec", command, "/dev/null"],
            environment: ["NO_COLOR": "1", "TERM": "xterm"])
        #expect(noColor.exitCode == 0 && noColor.stdout.contains("succeeded") && !noColor.stdout.contains("\u{1B}["))
    }

    @Test("--verbose logs what the wrappers do to stderr; stdout stays data")
    func verbose() async throws {
        let workspace = try CLIWorkspace()
        let quiet = try await workspace.train()
        #expect(!quiet.stderr.contains("debug"))
        let verbose = try await workspace.train(["--verbose"])
        #expect(verbose.exitCode == 0, "\(verbose)")
        #expect(verbose.stderr.contains("training hit"), "\(verbose)")
        #expect(verbose.stdout == quiet.stdout)
    }
}
