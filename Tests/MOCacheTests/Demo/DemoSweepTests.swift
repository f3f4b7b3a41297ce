import Foundation
import Logging
import MOCache
import MOCacheDemo
import Testing

/// The demo sweep end to end on a real database: the first run computes, the second is all hits.
@Suite("Demo sweep")
struct DemoSweepTests {
    @Test("twice: everything computed, then everything served with the time it saved")
    func twice() async throws {
        let folder = try TemporaryDirectory()
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let first = try await Self.run(folder, logger: logger)
        #expect(first.trainingsComputed == 3 && first.evalsComputed == 6)
        #expect(first.trainingsServed == 0 && first.evalsServed == 0)
        #expect(first.savedSeconds == 0)
        for line in first.lines {
            let heldout = try #require(line.results.tasks["heldout"]?.metrics["accuracy"])
            let shifted = try #require(line.results.tasks["shifted"]?.metrics["accuracy"])
            #expect(heldout > 0.7, "a trained classifier beats chance clearly on its own distribution")
            #expect(shifted < heldout, "the shifted task is harder")
        }
        let second = try await Self.run(folder, logger: logger)
        #expect(second.trainingsComputed == 0 && second.evalsComputed == 0)
        #expect(second.trainingsServed == 3 && second.evalsServed == 6)
        #expect(second.savedSeconds > 0)
        #expect(second.lines.map(\.model.modelID) == first.lines.map(\.model.modelID))
    }

    static func run(_ folder: TemporaryDirectory, logger: Logger) async throws -> DemoSweep.Report {
        let store = try await SQLiteCacheBackend(path: folder.path("cache.sqlite"), logger: logger)
        let report = try await DemoSweep(store: store, workDirectory: folder.path("demo"), logger: logger).run()
        try await store.close()
        return report
    }
}

/// The README's sqlite3 recipes, run with the real `sqlite3` binary against the demo's database, so
/// they never rot.
@Suite("README recipes")
struct ReadmeRecipeTests {
    /// The `sqlite3 ...` lines between the README's recipe markers.
    static func recipes() throws -> [String] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "<!-- recipes -->"))
        let end = try #require(text.range(of: "<!-- /recipes -->"))
        return text[start.upperBound..<end.lowerBound].split(separator: "\n")
            .filter { $0.hasPrefix("sqlite3 ") }.map(String.init)
    }

    @Test("every recipe runs on the demo's database and prints rows")
    func recipesRun() async throws {
        let recipes = try Self.recipes()
        #expect(recipes.count >= 5)
        let folder = try TemporaryDirectory()
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        _ = try await DemoSweepTests.run(folder, logger: logger)
        for recipe in recipes {
            let command = recipe.replacingOccurrences(of: ".mocache/cache.sqlite", with: folder.path("cache.sqlite"))
            let result = try await runProcess(executable: "/bin/sh", arguments: ["-c", command], timeout: 30)
            #expect(result.exitCode == 0, "\(recipe)\n\(result)")
            #expect(result.stderr.isEmpty, "\(recipe)\n\(result)")
            #expect(result.stdout.split(separator: "\n").count >= 2, "\(recipe)\n\(result)")
            #expect(!result.stdout.contains("NULL") && !result.stdout.contains("||"), "\(recipe)\n\(result)")
        }
    }
}
