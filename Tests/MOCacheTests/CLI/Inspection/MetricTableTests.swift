import Foundation
import Testing

@testable import MOCacheCLI
@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

@Suite("Metric tables")
struct MetricTableTests {
    typealias F = InspectionFixtures

    @Test("results pivot to models by tasks; missing cells are nil; other metrics and failures are ignored")
    func pivot() throws {
        let table = MetricTable(
            [
                try F.eval(id: 1, model: "m2", task: "mmlu", metrics: ["accuracy": 0.5, "f1": 0.4]),
                try F.eval(id: 2, model: "m1", task: "mmlu", metrics: ["accuracy": 0.7]),
                try F.eval(id: 3, model: "m1", task: "gsm8k", metrics: ["accuracy": 0.2]),
                try F.eval(id: 4, model: "m3", task: "gsm8k", metrics: ["f1": 0.9]),
                try F.eval(id: 5, model: "m4", task: "arc", metrics: nil, status: .failed),
            ], metric: "accuracy")
        #expect(table.models == ["m1", "m2"])
        #expect(table.tasks == ["gsm8k", "mmlu"])
        #expect(table.value(model: "m1", task: "mmlu") == 0.7)
        #expect(table.value(model: "m2", task: "gsm8k") == nil)
        #expect(table.shadowedResults == 0)
    }

    @Test("the newest result wins when a model has several for a task")
    func newestWins() throws {
        let older = F.start
        let newer = F.start + 100
        let table = MetricTable(
            [
                try F.eval(id: 1, model: "m", task: "t", metrics: ["a": 1], finishedAt: newer),
                try F.eval(id: 2, model: "m", task: "t", metrics: ["a": 2], params: ["shots": 5], finishedAt: older),
                try F.eval(id: 3, model: "m", task: "t", metrics: ["a": 3], backend: "other", finishedAt: older),
            ], metric: "a")
        #expect(table.value(model: "m", task: "t") == 1)
        #expect(table.shadowedResults == 2)
    }

    @Test("no result has the metric: an empty table")
    func empty() throws {
        let table = MetricTable([try F.eval(id: 1, model: "m", task: "t", metrics: ["a": 1])], metric: "b")
        #expect(table.models.isEmpty && table.tasks.isEmpty)
    }
}
