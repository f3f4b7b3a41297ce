import Foundation
import GRDB
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// The lookups of `mocache show`, `rm` and `why-miss` go through the listing filters; these check that
/// SQLite answers them from an index, never by reading the whole table.
@Suite("SQLite filter query plans")
struct SQLiteFilterPlanTests {
    /// SQLite's plan for a query, one line per step (`SEARCH training_runs USING INDEX …`).
    static func plan(_ query: (sql: String, arguments: [SQLiteQuery.Argument]), in path: String) throws -> [String] {
        let arguments = StatementArguments(
            query.arguments.map { argument -> (any DatabaseValueConvertible)? in
                switch argument {
                case .text(let text): text
                case .integer(let integer): integer
                case .null: nil
                }
            })
        return try withRawDatabase(path, readOnly: true) { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query.sql, arguments: arguments).map { $0["detail"] }
        }
    }

    @Test("ids, model ids and hash prefixes are searched in an index")
    func indexedLookups() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("cache.sqlite")
        _ = try await StoreFixture.store(folder)
        let hash = StoreFixture.hash("c0f1")
        let cases: [(String, TrainingRunFilter, String)] = [
            ("ids", TrainingRunFilter(ids: [1, 2]), "USING INTEGER PRIMARY KEY"),
            ("model id", TrainingRunFilter(modelID: "m", status: .succeeded, limit: 2), "training_runs_by_model_id"),
            (
                "model id prefix", TrainingRunFilter(modelIDPrefix: "m-", status: .succeeded, limit: 1001),
                "training_runs_by_model_id (model_id>? AND model_id<?)"
            ),
            ("backend", TrainingRunFilter(backendID: "b"), "sqlite_autoindex_training_runs_1 (backend=?)"),
            ("config hash prefix", TrainingRunFilter(configHashPrefix: "c0f1", limit: 1001), "COVERING INDEX"),
            (
                "backend and hashes",
                TrainingRunFilter(backendID: "b", datasetHashPrefix: hash, configHashPrefix: hash),
                "(backend=? AND dataset_hash>? AND dataset_hash<?)"
            ),
        ]
        for (name, filter, step) in cases {
            let plan = try Self.plan(SQLiteCacheBackend.query(filter), in: path)
            #expect(plan.contains { $0.contains(step) }, "\(name): \(plan)")
            #expect(
                !plan.contains { $0.hasPrefix("SCAN training_runs") && !$0.contains("COVERING INDEX") },
                "\(name): \(plan)")
        }
        let evals: [(String, EvalResultFilter, String)] = [
            ("ids", EvalResultFilter(ids: [3]), "USING INTEGER PRIMARY KEY"),
            ("model id", EvalResultFilter(modelID: "m"), "eval_results_by_model_task (model_id=?)"),
        ]
        for (name, filter, step) in evals {
            let plan = try Self.plan(SQLiteCacheBackend.query(filter), in: path)
            #expect(plan.contains { $0.contains(step) }, "\(name): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN eval_results") }, "\(name): \(plan)")
        }
    }

    @Test("the end of a prefix range is the next string in SQLite's binary order")
    func successors() {
        #expect(SQLiteFilterQuery.successor(of: "ab") == "ac")
        #expect(SQLiteFilterQuery.successor(of: "a%") == "a&")
        #expect(SQLiteFilterQuery.successor(of: "é") == "ê")
        #expect(SQLiteFilterQuery.successor(of: "a\u{D7FF}") == "a\u{E000}")
        #expect(SQLiteFilterQuery.successor(of: "a\u{10FFFF}") == "b")
        #expect(SQLiteFilterQuery.successor(of: "\u{10FFFF}\u{10FFFF}") == nil)
        #expect(SQLiteFilterQuery.successor(of: "") == nil)
    }
}
