import Foundation
import Logging
import MOCacheDemo
import Testing

@testable import MOCache

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
