import Foundation
import MOCacheConformance
import Testing

@testable import MOCacheCLI
@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// Resolving references through a store's filters, against every store: the same answers and errors as
/// resolving among all the records.
@Suite("Entry references in a store")
struct EntryResolverStoreTests {
    typealias F = InspectionFixtures

    /// Resolves `reference` through the store and among all its records; both must agree.
    static func expectSameAnswer(_ reference: String, in store: any CacheBackend) async throws {
        let runs = try await store.trainingRuns(matching: TrainingRunFilter())
        let results = try await store.evalResults(matching: EvalResultFilter())
        let expected: Result<EntryID, MOCacheError>
        do {
            expected = .success(try EntryResolver.resolve(reference, trainingRuns: runs, evalResults: results).id)
        } catch let error as MOCacheError {
            expected = .failure(error)
        }
        do {
            let entry = try await EntryResolver.resolve(reference, in: store)
            guard case .success(let id) = expected else {
                Issue.record("\"\(reference)\" resolved to \(entry.id) instead of failing")
                return
            }
            #expect(id == entry.id, "\"\(reference)\"")
        } catch let error as MOCacheError {
            guard case .failure(let wanted) = expected else {
                Issue.record("\"\(reference)\": \(error.message)")
                return
            }
            #expect(error.code == wanted.code && error.message == wanted.message, "\"\(reference)\"")
        }
    }

    @Test(arguments: ConformanceBackends.all)
    func sameAnswersAsAmongAllRecords(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let imported = try [
                F.run(id: 0, config: F.config(0.1), modelID: "ft-alpha-1"),
                F.run(id: 0, config: F.config(0.2), modelID: "ft-alpha-2"),
                F.run(id: 0, config: F.config(0.3), modelID: "ft-beta"),
                F.run(id: 0, config: F.config(0.4), modelID: "ft-alpha"),
                F.run(id: 0, backend: "other", config: F.config(0.4), modelID: "ft-alpha"),
                F.run(id: 0, config: F.config(0.5), modelID: "a%b_c*d[e]"),
                F.run(id: 0, config: F.config(0.6), modelID: "abcd-model"),
            ]
            _ = try await store.importTrainingRuns(imported, overwrite: false)
            let failed = try await F.store(F.config(0.7), in: store, fail: true)
            let evalResult = try await F.storeEval(model: "ft-beta", task: "mmlu", metrics: ["acc": 1], in: store)
            let all = try await store.trainingRuns(matching: TrainingRunFilter())
            let hashes = all.map(\.key.configHash)
            var references = [
                "ft-alpha", "ft-alpha-1", "ft-al", "ft-b", "ft-", "ft", "f", "a%", "a%b", "a_", "a*", "a[", "abcd",
                "abc", "zzz", "", "t\(failed.id)", "t\(failed.id + 1000)", "e\(evalResult.id)",
                "e\(evalResult.id + 1000)", "t0", "T1", "dead", "DEAD",
            ]
            for hash in hashes {
                references += [
                    String(hash.prefix(4)), String(hash.prefix(10)).uppercased(), hash, String(hash.prefix(3)),
                ]
            }
            for run in all { references.append("t\(run.id)") }
            for reference in references {
                try await Self.expectSameAnswer(reference, in: store)
            }
            let entries = try await EntryResolver.resolve(
                ["ft-beta", "t\(failed.id)", "e\(evalResult.id)", "ft-b", "t\(failed.id)"], in: store)
            let beta = try #require(all.first { $0.modelID == "ft-beta" })
            #expect(entries.map(\.id) == [.training(beta.id), .training(failed.id), .eval(evalResult.id)])
        }
    }

    @Test(arguments: ConformanceBackends.all)
    func moreCandidatesThanCounted(_ factory: BackendFactory) async throws {
        try await Fixture.withStore(factory) { store in
            let count = EntryResolver.countedCandidates + 5
            let runs = try (1...count).map { try F.run(id: 0, config: F.config(Double($0)), modelID: "m-\($0)") }
            _ = try await store.importTrainingRuns(runs, overwrite: false)
            // An exact model id wins even among many longer ones.
            #expect(try await EntryResolver.resolve("m-1", in: store).summary.contains("model m-1 "))
            try await Self.expectSameAnswer("m-10", in: store)
            try await Self.expectSameAnswer("m-100", in: store)
            let error = await #expect(throws: MOCacheError.self) { try await EntryResolver.resolve("m-", in: store) }
            let message = error?.message ?? ""
            let read = EntryResolver.countedCandidates + 1
            #expect(error?.code == .ambiguous)
            #expect(message.contains("\"m-\" matches at least \(read) entries;"), "\(message)")
            #expect(message.contains("\n  … and at least \(read - EntryResolver.listedCandidates) more"), "\(message)")
            #expect(message.split(separator: "\n").count == EntryResolver.listedCandidates + 2, "\(message)")
        }
    }
}
