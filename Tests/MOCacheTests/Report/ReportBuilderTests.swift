import Foundation
import MOCache
import Testing

@testable import MOCacheCLI

/// What the report shows, decided from records alone.
@Suite("Report: from store records to a report")
struct ReportBuilderTests {
    private func build(
        _ runs: [TrainingRunRecord], _ evals: [EvalResultRecord], options: ReportOptions = ReportOptions(),
        statistics: CacheStatistics = ReportRecords.statistics()
    ) -> Report {
        ReportBuilder.build(
            runs: runs, evals: evals, statistics: statistics, source: "/tmp/cache.sqlite",
            generatedAt: ReportRecords.origin.addingTimeInterval(7 * 86_400), options: options)
    }

    @Test("the demo's shape: each task metric against the learning rate, on a log scale; a grid; the runs")
    func demo() throws {
        let (runs, evals) = ReportRecords.demo()
        let report = build(runs, evals)
        #expect(report.summary.trainingRuns == 3 && report.summary.evalResults == 6)
        #expect(report.summary.hits == 9 && report.summary.savedSeconds == 3 * 60 + 6 * 5)
        #expect(report.summary.spentSeconds == 3 * 60 + 6 * 5 && report.summary.failed == 0)
        let section = try #require(report.sections.first)
        #expect(report.sections.count == 1 && section.title == "process:sft")
        #expect(section.subtitle == "3 runs · 6 evaluations of their models · varies: learning_rate")
        #expect(
            section.charts.map(\.title) == [
                "accuracy on heldout by learning_rate", "log_loss on heldout by learning_rate",
                "accuracy on shifted by learning_rate", "log_loss on shifted by learning_rate",
            ])
        let chart = section.charts[0]
        #expect(chart.xAxis == .log && chart.xLabel == "learning_rate (log scale)")
        #expect(chart.yLabel == "accuracy on heldout")
        #expect(chart.series.count == 1 && chart.series[0].points.map(\.x) == [0.02, 0.1, 0.5])
        #expect(chart.series[0].points[0].title == "learning_rate = 0.02: accuracy on heldout = 0.898 · model-3 (t3)")
        let heatmap = try #require(section.heatmap)
        #expect(heatmap.metric == "accuracy" && heatmap.columns == ["heldout", "shifted"])
        #expect(heatmap.rows.map(\.label) == ["model-3", "model-2", "model-1"])
        #expect(heatmap.rows.map(\.detail) == ["learning_rate=0.02", "learning_rate=0.1", "learning_rate=0.5"])
        #expect(heatmap.rows[0].values == [0.898, 0.698])
        let table = try #require(section.runs)
        #expect(
            table.columns.map(\.title) == [
                "run", "model", "status", "learning_rate", "accuracy", "log_loss", "accuracy", "log_loss", "duration",
                "hits", "created",
            ])
        #expect(table.columns.compactMap(\.detail) == ["heldout", "heldout", "shifted", "shifted", "UTC"])
        #expect(table.rows.count == 3 && table.rows[0][0] == .code("t3"))
        #expect(section.failedEvals == nil && section.notes.isEmpty)
        let compute = try #require(report.summary.computeChart)
        #expect(compute.series.map(\.name) == ["compute spent on jobs", "compute saved by cache hits"])
        #expect(compute.yLabel == "compute (minutes)" && compute.series[1].points.last?.y == 3.5)
    }

    @Test("a line per setting of the other hyperparameters; numbers that are not spread by factors stay linear")
    func linesPerSetting() throws {
        var runs: [TrainingRunRecord] = []
        var evals: [EvalResultRecord] = []
        for rate in [0.001, 0.01, 0.1] {
            for epochs in [1.0, 3.0] {
                let id = Int64(runs.count + 1)
                runs.append(
                    ReportRecords.run(
                        id, hyperparameters: ["learning_rate": .number(rate), "epochs": .number(epochs)]))
                evals.append(
                    ReportRecords.eval(id, model: "model-\(id)", task: "mmlu", metrics: ["accuracy": rate * epochs]))
            }
        }
        let section = try #require(build(runs.reversed(), evals.reversed()).sections.first)
        #expect(section.charts.map(\.title) == ["accuracy on mmlu by epochs", "accuracy on mmlu by learning_rate"])
        let byEpochs = section.charts[0]
        #expect(byEpochs.xAxis == .linear)
        #expect(
            byEpochs.series.map(\.name) == ["learning_rate=0.001", "learning_rate=0.01", "learning_rate=0.1"])
        let byRate = section.charts[1]
        #expect(byRate.xAxis == .log && byRate.series.map(\.name) == ["epochs=1", "epochs=3"])
        #expect(byRate.series[1].points.map(\.y) == [0.003, 0.03, 0.30000000000000004])
        #expect(section.heatmap?.rows.map(\.detail).first == "epochs=1, learning_rate=0.001")
    }

    @Test("more settings than lines: one line of means with a band, and the page says so")
    func aggregatesLines() throws {
        var runs: [TrainingRunRecord] = []
        var evals: [EvalResultRecord] = []
        for rate in [0.1, 1.0] {
            for seed in 0..<5 {
                let id = Int64(runs.count + 1)
                runs.append(
                    ReportRecords.run(id, hyperparameters: ["lr": .number(rate), "seed": .number(Double(seed))]))
                evals.append(
                    ReportRecords.eval(
                        id, model: "model-\(id)", task: "t", metrics: ["score": rate + Double(seed) / 100]))
            }
        }
        var options = ReportOptions()
        options.limits.seriesPerChart = 4
        let section = try #require(build(runs.reversed(), evals.reversed(), options: options).sections.first)
        let chart = try #require(section.charts.first { $0.title == "score on t by lr" })
        #expect(chart.series.count == 1 && chart.series[0].name == "mean over 5 settings")
        #expect(chart.notes.contains { $0.hasPrefix("5 settings of seed are too many for a line each") })
        let point = try #require(chart.series[0].points.first)
        #expect(point.count == 5 && point.low == 0.1 && abs((point.high ?? 0) - 0.14) < 1e-12)
        #expect(abs(point.y - 0.12) < 1e-12)
        #expect(point.title.contains("mean score on t = 0.12 over 5 runs (0.1 to 0.14)"))
    }

    @Test("10,000 runs: binned lines, the newest rows and models, a sampled time line; the page says so")
    func tenThousandRuns() throws {
        var runs: [TrainingRunRecord] = []
        var evals: [EvalResultRecord] = []
        var generator = SplitMix64(seed: 7)
        for index in 0..<10_000 {
            let id = Int64(index + 1)
            let rate = pow(10, -5 + 4 * Double(generator.next() % 1_000_000) / 1_000_000)
            runs.append(ReportRecords.run(id, hyperparameters: ["learning_rate": .number(rate)], hits: index % 3))
            evals.append(ReportRecords.eval(id, model: "model-\(id)", task: "mmlu", metrics: ["accuracy": 0.5 + rate]))
        }
        let report = build(runs.reversed(), evals.reversed())
        let section = try #require(report.sections.first)
        let chart = try #require(section.charts.first)
        #expect(chart.xAxis == .log && chart.series.count == 1)
        #expect(chart.series[0].points.count <= 100 && chart.series[0].points.count > 50)
        #expect(chart.series[0].points.reduce(0) { $0 + $1.count } == 10_000)
        #expect(chart.notes.contains { $0.contains("grouped into 100 intervals") })
        #expect(section.runs?.rows.count == 500)
        #expect(section.runs?.notes == ["The 500 newest of 10,000 runs are listed."])
        #expect(section.heatmap?.rows.count == 40)
        #expect(section.heatmap?.notes == ["The 40 newest of 10,000 models are shown."])
        let compute = try #require(report.summary.computeChart)
        #expect(compute.series.allSatisfy { $0.points.count <= 400 } && !compute.showsMarks)
        #expect(compute.notes.contains { $0.hasPrefix("Each line is sampled to 400 points") })
        let html = ReportPage.html(report)
        #expect(html.utf8.count < 2_000_000, "\(html.utf8.count) bytes")
    }

    @Test("words as categories, a missing value as its own; too many words are not plotted, and said")
    func categories() throws {
        let runs = [
            ReportRecords.run(3, hyperparameters: ["lr": 0.1], baseModel: "llama"),
            ReportRecords.run(2, hyperparameters: ["lr": 0.1], baseModel: "gemma"),
            ReportRecords.run(1, hyperparameters: [:], baseModel: "gemma"),
        ]
        let evals = (1...3).map {
            ReportRecords.eval(Int64($0), model: "model-\($0)", task: "t", metrics: ["accuracy": Double($0) / 10])
        }
        let section = try #require(build(runs, evals.reversed()).sections.first)
        let byModel = try #require(section.charts.first { $0.title == "accuracy on t by base_model" })
        #expect(byModel.xAxis == .categories(["gemma", "llama"]))
        let byRate = try #require(section.charts.first { $0.title == "accuracy on t by lr" })
        #expect(byRate.xAxis == .categories(["0.1", "(not set)"]))
        var options = ReportOptions()
        options.limits.categories = 1
        let narrow = try #require(build(runs, evals.reversed(), options: options).sections.first)
        #expect(narrow.charts.isEmpty)
        #expect(narrow.notes.contains { $0.hasPrefix("base_model has 2 distinct values, too many to plot") })
    }

    @Test("one run: no chart to draw, a grid and a table, and a sentence saying why")
    func oneRun() throws {
        let report = build(
            [ReportRecords.run(1, hyperparameters: ["lr": 0.1])],
            [ReportRecords.eval(1, model: "model-1", task: "mmlu", metrics: ["accuracy": 0.5])])
        let section = try #require(report.sections.first)
        #expect(section.charts.isEmpty && section.heatmap?.rows.count == 1 && section.runs?.rows.count == 1)
        #expect(section.notes.first?.hasPrefix("One run only") == true)
        #expect(report.summary.computeChart != nil)
    }

    @Test("no evals, and an empty store: sentences instead of blank plots")
    func nothingToPlot() throws {
        let runs = [
            ReportRecords.run(2, hyperparameters: ["lr": 0.1]), ReportRecords.run(1, hyperparameters: ["lr": 0.2]),
        ]
        let section = try #require(build(runs, []).sections.first)
        #expect(section.charts.isEmpty && section.heatmap == nil)
        #expect(
            section.notes == [
                "No evaluation of these models yet: `mocache eval` adds results, and their metrics appear here."
            ])
        let empty = build([], [])
        #expect(empty.sections.isEmpty && empty.summary.computeChart == nil)
        let html = ReportPage.html(empty)
        #expect(html.contains("The store holds no entries yet."))
        #expect(!html.contains("<svg"))
        let running = build([ReportRecords.run(1, hyperparameters: [:], status: .running)], [])
        #expect(running.summary.inFlight == 1 && running.summary.computeChart == nil)
        #expect(ReportPage.html(running).contains("No job has finished yet"))
    }

    @Test("missing values: cells without a value, runs without the hyperparameter left out and counted")
    func missingValues() throws {
        let runs = [
            ReportRecords.run(3, hyperparameters: ["lr": 0.3]), ReportRecords.run(2, hyperparameters: ["lr": 0.2]),
            ReportRecords.run(1, hyperparameters: ["lr": 0.1, "warmup": 10]),
        ]
        let evals = [
            ReportRecords.eval(4, model: "model-3", task: "b", metrics: ["accuracy": 0.3]),
            ReportRecords.eval(3, model: "model-2", task: "a", metrics: ["accuracy": 0.2]),
            ReportRecords.eval(2, model: "model-1", task: "a", metrics: ["accuracy": 0.1, "f1": 0.4]),
            ReportRecords.eval(1, model: "model-1", task: "b", metrics: ["accuracy": .nan]),
        ]
        let section = try #require(build(runs, evals).sections.first)
        let heatmap = try #require(section.heatmap)
        #expect(heatmap.rows.map(\.label) == ["model-1", "model-2", "model-3"])
        #expect(heatmap.rows[0].values == [0.1, nil] && heatmap.rows[2].values == [nil, 0.3])
        #expect(heatmap.rows[0].titles[1] == "model-1 on b: no accuracy")
        let byWarmup = section.charts.first { $0.title == "accuracy on a by warmup" }
        #expect(byWarmup?.xAxis == .categories(["10", "(not set)"]))
        let table = try #require(section.runs)
        let warmup = try #require(table.columns.firstIndex { $0.title == "warmup" })
        #expect(table.rows[0][warmup] == .number(nil, text: "–") && table.rows[2][warmup] == .number(10, text: "10"))
    }

    @Test("filters: a training backend, an eval backend, tasks, a start time; other models get their own section")
    func filters() throws {
        let runs = [
            ReportRecords.run(3, backend: "process:dpo", hyperparameters: ["lr": 0.1]),
            ReportRecords.run(2, hyperparameters: ["lr": 0.2]), ReportRecords.run(1, hyperparameters: ["lr": 0.1]),
        ]
        let evals = [
            ReportRecords.eval(4, model: "gpt-base", task: "mmlu", metrics: ["accuracy": 0.9], backend: "openai:evals"),
            ReportRecords.eval(3, model: "model-3", task: "mmlu", metrics: ["accuracy": 0.3]),
            ReportRecords.eval(2, model: "model-2", task: "gsm8k", metrics: ["accuracy": 0.2]),
            ReportRecords.eval(1, model: "model-1", task: "mmlu", metrics: ["accuracy": 0.1], backend: "openai:evals"),
        ]
        let all = build(runs, evals)
        #expect(all.sections.map(\.title) == ["process:dpo", "process:sft", "Other models"])
        #expect(all.sections[2].heatmap?.rows.map(\.label) == ["gpt-base"] && all.sections[2].runs == nil)
        let sft = build(runs, evals, options: ReportOptions(backendID: "process:sft"))
        #expect(sft.sections.map(\.title) == ["process:sft"] && sft.summary.evalResults == 2)
        #expect(sft.filters == ["backend process:sft"])
        let harness = build(runs, evals, options: ReportOptions(backendID: "openai:evals"))
        #expect(harness.sections.map(\.title) == ["process:sft", "Other models"])
        #expect(harness.summary.trainingRuns == 1 && harness.summary.evalResults == 2)
        let tasks = build(runs, evals, options: ReportOptions(tasks: ["gsm8k"]))
        #expect(tasks.summary.evalResults == 1 && tasks.filters == ["task gsm8k"])
        let since = build(runs, evals, options: ReportOptions(since: ReportRecords.origin.addingTimeInterval(150)))
        #expect(since.summary.trainingRuns == 1 && since.summary.evalResults == 4)
        #expect(since.filters == ["since 2025-11-29 21:29 UTC"])
        let unknown = build(runs, evals, options: ReportOptions(backendID: "nothing"))
        #expect(unknown.sections.isEmpty && unknown.summary.trainingRuns == 0)
        #expect(ReportPage.html(unknown).contains("The store holds no entries that match yet."))
    }

    @Test("--metric chooses the grid's and the charts' metric; a missing one is said")
    func metric() throws {
        let (runs, evals) = ReportRecords.demo()
        let section = try #require(build(runs, evals, options: ReportOptions(metric: "log_loss")).sections.first)
        #expect(section.heatmap?.metric == "log_loss" && section.charts.count == 2)
        #expect(section.runs?.columns.filter(\.numeric).map(\.title).contains("accuracy") == false)
        let missing = try #require(build(runs, evals, options: ReportOptions(metric: "bleu")).sections.first)
        #expect(missing.heatmap == nil && missing.charts.isEmpty)
        #expect(missing.notes == ["No evaluation of these models has the metric bleu."])
    }

    @Test("at most so many charts per backend; the rest are counted, not drawn")
    func chartLimit() throws {
        let (runs, evals) = ReportRecords.demo()
        var options = ReportOptions()
        options.limits.chartsPerSection = 1
        let section = try #require(build(runs, evals, options: options).sections.first)
        #expect(section.charts.map(\.title) == ["accuracy on heldout by learning_rate"])
        #expect(
            section.notes == [
                "Charts of 3 more metric and hyperparameter pairs are not drawn (at most 1 per backend): choose with "
                    + "--task or --metric."
            ])
    }

    @Test("the newest of several results of a model and task is shown; the others are counted")
    func shadowed() throws {
        let runs = [
            ReportRecords.run(2, hyperparameters: ["lr": 0.2]), ReportRecords.run(1, hyperparameters: ["lr": 0.1]),
        ]
        let evals = [
            ReportRecords.eval(3, model: "model-1", task: "t", metrics: ["accuracy": 0.9], params: "shots-5"),
            ReportRecords.eval(2, model: "model-2", task: "t", metrics: ["accuracy": 0.2]),
            ReportRecords.eval(1, model: "model-1", task: "t", metrics: ["accuracy": 0.1]),
        ]
        let section = try #require(build(runs, evals).sections.first)
        #expect(section.heatmap?.rows.first?.values == [0.9])
        #expect(section.notes.contains { $0.hasPrefix("1 older result of the same model and task") })
    }

    @Test("failures: errors in the runs table, failed evaluations in their own, counted in the summary")
    func failures() throws {
        let runs = [
            ReportRecords.run(2, hyperparameters: ["lr": 0.2], status: .failed, error: "CUDA out of memory\nat step 3"),
            ReportRecords.run(1, hyperparameters: ["lr": 0.1]),
        ]
        let evals = [
            ReportRecords.eval(2, model: "model-1", task: "b", metrics: nil, status: .failed, error: "harness crashed"),
            ReportRecords.eval(1, model: "model-1", task: "a", metrics: ["accuracy": 0.5]),
        ]
        let report = build(runs, evals)
        #expect(report.summary.failed == 2)
        let section = try #require(report.sections.first)
        let table = try #require(section.runs)
        #expect(table.columns.last?.title == "error")
        #expect(table.rows[0].last == .error("CUDA out of memory\nat step 3") && table.rows[1].last == .empty)
        #expect(table.rows[0][2] == .status("failed"))
        let failed = try #require(section.failedEvals)
        #expect(failed.rows.count == 1 && failed.rows[0][5] == .error("harness crashed"))
        #expect(section.subtitle.hasPrefix("2 runs (1 succeeded)"))
        #expect(section.charts.isEmpty)
        #expect(section.notes.contains { $0.hasPrefix("The evaluated runs do not differ") })
    }

    @Test("log scales for numbers spread by factors, not for evenly spaced ones")
    func logScale() {
        #expect(ReportBuilder.prefersLogScale([0.5, 0.1, 0.02]))
        #expect(ReportBuilder.prefersLogScale([1e-4, 1e-3]))
        #expect(ReportBuilder.prefersLogScale([1, 3, 10, 30]))
        #expect(!ReportBuilder.prefersLogScale(Array(1...20).map(Double.init)))
        #expect(!ReportBuilder.prefersLogScale([16, 32, 64, 128]))
        #expect(!ReportBuilder.prefersLogScale([0, 0.1, 1, 10]))
        #expect(!ReportBuilder.prefersLogScale([-1, 10]))
    }

    @Test("what varies between configurations, with short labels where they stay unique")
    func hyperparameterSpace() {
        let space = HyperparameterSpace(configs: [
            ["base_model": "a", "hyperparameters": ["lr": 0.1, "layers": [1, 2], "base_model": "x"], "options": [:]],
            ["base_model": "b", "hyperparameters": ["lr": 0.1, "layers": [1, 3], "base_model": "y"], "options": [:]],
        ])
        #expect(space.paths == ["hyperparameters.base_model", "hyperparameters.layers", "base_model"])
        #expect(space.label("hyperparameters.layers") == "layers")
        #expect(space.label("hyperparameters.base_model") == "hyperparameters.base_model")
        #expect(space.describe(1) == "hyperparameters.base_model=y, layers=[1,3], base_model=b")
        let leaves = HyperparameterSpace.leaves(["a": ["b": ["c": 1]], "d": [:], "e": [true]])
        #expect(Dictionary(uniqueKeysWithValues: leaves.map { ($0.path, $0.value) }) == ["a.b.c": 1, "e": [true]])
        #expect(space.value(0, "hyperparameters.layers") == [1, 2] && space.value(0, "nothing") == nil)
        #expect(space.settings(except: "base_model") == [0, 1])
        let grid = HyperparameterSpace(configs: [
            ["a": 1, "b": 1], ["a": 2, "b": 1], ["a": 1, "b": 2], ["a": 2, "b": 2],
        ])
        #expect(grid.settings(except: "a") == [0, 0, 1, 1] && grid.settings(except: "b") == [0, 1, 0, 1])
        #expect(grid.precedes(0, 1) == true && grid.precedes(1, 0) == false && grid.precedes(0, 0) == nil)
    }
}
