import Foundation
import MOCache
import Testing

@testable import MOCacheCLI

/// The SVG and HTML writers: what ends up in the page.
@Suite("Report: plot and page writers")
struct ReportWriterTests {
    private func chart(series: Int, aggregated: Bool = false) -> LineChart {
        LineChart(
            title: "accuracy on mmlu by lr", xLabel: "lr (log scale)", xAxis: .log, yLabel: "accuracy on mmlu",
            series: (0..<series).map { line in
                LineChart.Series(
                    name: "epochs=\(line)",
                    points: [0.001, 0.01, 0.1].map { x in
                        LineChart.Point(
                            x: x, y: 0.5 + x, low: aggregated ? 0.4 : nil, high: aggregated ? 0.7 : nil,
                            count: aggregated ? 3 : 1, title: "lr = \(x) <b>")
                    })
            }, kind: "metric")
    }

    @Test("a line chart: labelled axes, a mark with its numbers per point, a band for means")
    func lineChart() {
        let svg = LineChartWriter.svg(chart(series: 2)).html
        #expect(svg.hasPrefix("<svg class=\"plot\" data-plot=\"metric\" viewBox=\"0 0 520 300\""))
        #expect(svg.components(separatedBy: "<circle class=\"mark\"").count - 1 == 6)
        #expect(svg.components(separatedBy: "<title>lr = 0.01 &lt;b&gt;</title>").count - 1 == 2)
        #expect(svg.contains(">lr (log scale)</text>") && svg.contains(">accuracy on mmlu</text>"))
        #expect(svg.contains(">0.001</text>") && svg.contains(">0.1</text>"))
        #expect(svg.contains("class=\"series s0\"") && svg.contains("class=\"series s1\""))
        #expect(!svg.contains("class=\"band\""))
        #expect(LineChartWriter.svg(chart(series: 1, aggregated: true)).html.contains("class=\"band\""))
        let stepped = LineChart(
            title: "t", xLabel: "time (UTC)", xAxis: .time, yLabel: "compute (seconds)",
            series: [.init(name: "spent", points: [.init(x: 0, y: 0, title: "a"), .init(x: 60, y: 5, title: "b")])],
            stepped: true, showsMarks: false, kind: "compute")
        let steps = LineChartWriter.svg(stepped).html
        #expect(steps.contains("class=\"line\" d=\"M") && steps.contains("V") && !steps.contains("<circle"))
    }

    @Test("a chart with one point is still a chart: a mark, axes and ticks")
    func singlePoint() {
        let single = LineChart(
            title: "t", xLabel: "x", xAxis: .linear, yLabel: "y",
            series: [.init(name: "only", points: [.init(x: 3, y: 0.5, title: "x = 3")])], kind: "metric")
        let svg = LineChartWriter.svg(single).html
        #expect(svg.contains("<circle class=\"mark\"") && svg.contains("<title>x = 3</title>"))
        #expect(svg.components(separatedBy: "class=\"tick\"").count > 4)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test("a heatmap: a cell per model and task with its value, blanks marked, store text escaped")
    func heatmap() {
        let map = Heatmap(
            title: "accuracy by model and task", metric: "accuracy", columns: ["mmlu", "gsm8k"],
            rows: [
                .init(
                    label: "<script>alert(1)</script>", detail: "lr=0.1", values: [0.5, nil],
                    titles: ["a <i>", "no accuracy"]),
                .init(label: "model-b", detail: "lr=0.2", values: [0.75, 0.25], titles: ["b", "c"]),
            ])
        let svg = HeatmapWriter.svg(map).html
        #expect(svg.contains("data-plot=\"heatmap\""))
        #expect(svg.components(separatedBy: "<g class=\"cell\">").count - 1 == 3)
        #expect(svg.components(separatedBy: "<g class=\"cell missing\">").count - 1 == 1)
        #expect(svg.contains(">0.5</text>") && svg.contains(">0.75</text>") && svg.contains(">0.25</text>"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !svg.contains("<script"))
        #expect(svg.contains("<title>a &lt;i&gt;</title>"))
        // Within a task, the lowest value is palest and the highest deepest.
        #expect(svg.contains("fill=\"\(ColorRamp.color(0))\"") && svg.contains("fill=\"\(ColorRamp.color(1))\""))
    }

    @Test("the page: self-contained, one script with its nonce, store text only as text")
    func page() throws {
        let hostile = "<script>alert(1)</script>"
        let runs = [
            ReportRecords.run(2, hyperparameters: ["lr": 0.2], model: hostile),
            ReportRecords.run(
                1, hyperparameters: ["lr": 0.1], status: .failed, error: "</td><img src=x onerror=alert(2)>"),
        ]
        let evals = [
            ReportRecords.eval(2, model: hostile, task: "\"><svg onload=alert(3)>", metrics: ["acc\u{1B}[0m": 0.5]),
            ReportRecords.eval(1, model: hostile, task: "mmlu", metrics: ["acc\u{1B}[0m": 0.25]),
        ]
        let report = ReportBuilder.build(
            runs: runs, evals: evals, statistics: ReportRecords.statistics(), source: "/tmp/<b>cache</b>.sqlite",
            generatedAt: ReportRecords.origin, options: ReportOptions())
        let html = ReportPage.html(report, nonce: "0123456789abcdef")
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"))
        #expect(html.components(separatedBy: "<script").count - 1 == 1)
        #expect(html.contains("<script nonce=\"0123456789abcdef\">"))
        // The policy is an attribute value, so its quotes are escaped (the browser reads them back).
        #expect(html.contains("script-src &#39;nonce-0123456789abcdef&#39;"))
        #expect(html.contains("content=\"default-src &#39;none&#39;;"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("url(") && !html.contains("@import") && !html.contains(" src=\""))
        #expect(!html.contains("<img") && !html.contains("<svg onload") && !html.contains("<b>cache"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;/td&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("acc\u{241B}[0m"))
        #expect(html.contains("<span class=\"t\">run</span>"))
        let nonces = Set((0..<20).map { _ in ReportPage.newNonce() })
        #expect(nonces.count == 20 && nonces.allSatisfy { $0.count == 32 })
    }

    @Test("a chart's numbers are one click away: a table of every point, and a legend when it has lines")
    func numbers() {
        let table = ReportPage.numbers(of: chart(series: 2, aggregated: true))
        #expect(table.columns.map(\.title) == ["line", "lr (log scale)", "accuracy on mmlu", "runs", "min", "max"])
        #expect(table.rows.count == 6)
        #expect(
            table.rows[1] == [
                .text("epochs=0"), .number(0.01, text: "0.01"), .number(0.51, text: "0.51"),
                .number(3, text: "3"), .number(0.4, text: "0.4"), .number(0.7, text: "0.7"),
            ])
        let figure = ReportPage.figure(chart(series: 2)).html
        #expect(figure.contains("<ul class=\"legend\">") && figure.contains("<summary>Numbers</summary>"))
        #expect(!ReportPage.figure(chart(series: 1)).html.contains("<ul class=\"legend\">"))
    }
}
