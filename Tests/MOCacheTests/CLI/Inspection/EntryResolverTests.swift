import Foundation
import Testing

@testable import MOCacheCLI
@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

@Suite("Entry references")
struct EntryResolverTests {
    static func runs() throws -> [TrainingRunRecord] {
        [
            try InspectionFixtures.run(id: 1, config: InspectionFixtures.config(0.1), modelID: "ft-alpha-1"),
            try InspectionFixtures.run(id: 2, config: InspectionFixtures.config(0.2), modelID: "ft-alpha-2"),
            try InspectionFixtures.run(id: 3, config: InspectionFixtures.config(0.3), modelID: "ft-beta"),
            try InspectionFixtures.run(id: 4, config: InspectionFixtures.config(0.4), modelID: "ft-alpha"),
            try InspectionFixtures.run(id: 5, config: InspectionFixtures.config(0.5), status: .failed),
        ]
    }

    static func evals() throws -> [EvalResultRecord] {
        [try InspectionFixtures.eval(id: 7, model: "ft-beta", task: "mmlu", metrics: ["accuracy": 0.5])]
    }

    func resolve(_ reference: String) throws -> StoredEntry {
        try EntryResolver.resolve(reference, trainingRuns: Self.runs(), evalResults: Self.evals())
    }

    @Test("ids read and print as t<row> and e<row>, and nothing else is an id")
    func ids() {
        #expect(EntryID.training(12).reference == "t12")
        #expect(EntryID.eval(3).reference == "e3")
        #expect(EntryID(reference: "t12") == .training(12))
        #expect(EntryID(reference: "e3") == .eval(3))
        for text in ["t", "e", "t0", "t-1", "t+1", "T12", "x12", "t1a", "t 1", "t١", "t99999999999999999999", "12"] {
            #expect(EntryID(reference: text) == nil, "\(text)")
        }
    }

    @Test("an id names its entry exactly; a missing id is not found")
    func exactIDs() throws {
        #expect(try resolve("t3").id == .training(3))
        #expect(try resolve("e7").id == .eval(7))
        #expect(throws: MOCacheError.self) { try resolve("t9") }
        let error = #expect(throws: MOCacheError.self) { try resolve("e1") }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("no eval result has this id") == true)
    }

    @Test("a model id matches exactly even when it is the prefix of others")
    func exactModelID() throws {
        #expect(try resolve("ft-alpha").id == .training(4))
        #expect(try resolve("ft-beta").id == .training(3))
    }

    @Test("a unique prefix of a model id or a config hash names its run")
    func prefixes() throws {
        #expect(try resolve("ft-b").id == .training(3))
        let configHash = try Self.runs()[1].key.configHash
        #expect(try resolve(String(configHash.prefix(10))).id == .training(2))
        #expect(try resolve(String(configHash.prefix(10)).uppercased()).id == .training(2))
    }

    @Test("an ambiguous prefix is an error that lists every candidate")
    func ambiguous() throws {
        let error = #expect(throws: MOCacheError.self) { try resolve("ft-al") }
        #expect(error?.code == .ambiguous)
        let message = error?.message ?? ""
        #expect(message.contains("matches 3 entries"), "\(message)")
        for id in ["t1 ", "t2 ", "t4 "] { #expect(message.contains("\n  \(id)"), "\(message)") }
        #expect(!message.contains("t3 "))
    }

    @Test("a long candidate list is cut, and says how many more")
    func manyCandidates() throws {
        let runs = try (1...25).map {
            try InspectionFixtures.run(id: Int64($0), config: InspectionFixtures.config(Double($0)), modelID: "m-\($0)")
        }
        let error = #expect(throws: MOCacheError.self) {
            try EntryResolver.resolve("m-", trainingRuns: runs, evalResults: [])
        }
        #expect(error?.message.contains("matches 25 entries") == true)
        #expect(error?.message.contains("… and 15 more") == true)
    }

    @Test("short hex prefixes match model ids only; unknown references are not found")
    func notFound() throws {
        let short = #expect(throws: MOCacheError.self) { try resolve("abc") }
        #expect(short?.code == .notFound)
        #expect(short?.message.contains("4 hex digits or more") == true)
        let unknown = #expect(throws: MOCacheError.self) { try resolve("zzz") }
        #expect(unknown?.message.contains("no model id starts with it") == true)
        #expect(throws: MOCacheError.self) { try resolve("") }
    }

    @Test("resolving many references reads the store once and drops repeats")
    func many() async throws {
        let store = InMemoryCacheBackend()
        let first = try await InspectionFixtures.store(InspectionFixtures.config(0.1), in: store, modelID: "ft-1")
        let evalRecord = try await InspectionFixtures.storeEval(
            model: "ft-1", task: "mmlu", metrics: ["acc": 1], in: store)
        let entries = try await EntryResolver.resolve(["ft-1", "t\(first.id)", "e\(evalRecord.id)"], in: store)
        #expect(entries.map(\.id) == [.training(first.id), .eval(evalRecord.id)])
    }
}
