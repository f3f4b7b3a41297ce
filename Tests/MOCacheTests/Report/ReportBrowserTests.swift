import Foundation
import MOCache
import Testing

/// The report as people see it: the demo's store, written by the built `mocache`, drawn by headless
/// Chromium, checked pixel by pixel and node by node.
@Suite("Report: drawn by a real browser")
struct ReportBrowserTests {
    static let hostile = "<script>alert(1)</script>"

    /// Adds a run whose model id is markup, a result of it, and a failed eval whose error is markup.
    private func addHostileEntries(to db: String) async throws {
        let store = try await SQLiteCacheBackend(path: db)
        let worker = Worker(owner: "hostile", host: "test", pid: 1)
        let config: JSONValue = ["base_model": "<b>bold</b>", "hyperparameters": ["lr": 0.1], "options": [:]]
        let key = TrainingKey(
            backendID: "test:hostile", datasetHash: String(repeating: "a", count: 64),
            configHash: try config.configHash())
        _ = try await store.claimTrainingRun(for: key, config: config, lease: LeaseRequest(worker: worker))
        try await store.finishTrainingRun(
            for: key, owner: worker.owner, outcome: .succeeded(modelID: Self.hostile, metadata: nil))
        let params = try JSONValue.object([:]).configHash()
        for (task, outcome) in [
            ("heldout", EvalOutcome.succeeded(metrics: ["accuracy": 0.5], sampleCount: nil, logPath: nil)),
            ("shifted", .failed("<img src=x onerror=alert(2)>")),
        ] {
            let evalKey = EvalKey(backendID: "demo:eval", modelID: Self.hostile, task: task, paramsHash: params)
            _ = try await store.claimEvalResult(for: evalKey, params: [:], lease: LeaseRequest(worker: worker))
            try await store.finishEvalResult(for: evalKey, owner: worker.owner, outcome: outcome)
        }
        try await store.close()
    }

    /// The page with two scripts of the test's own (allowed by the page's nonce): one first in `<head>`
    /// that records any `alert`, one last in `<body>` that records where each plot is drawn, how tall
    /// the page is, how many scripts it has, and in how many cells the hostile model id is text.
    private func instrumented(_ html: String) throws -> String {
        let nonce = try #require(
            html.firstMatch(of: /<script nonce="([0-9a-f]+)">/).map { String($0.1) }, "the page has no script nonce")
        let trap = """
            <script nonce="\(nonce)">window.alert = function () { \
            document.documentElement.setAttribute("data-alerted", "yes"); };</script>
            """
        let measure = """
            <script nonce="\(nonce)">(function () {
              var root = document.documentElement;
              document.querySelectorAll("svg.plot").forEach(function (svg) {
                var r = svg.getBoundingClientRect();
                svg.setAttribute("data-rect", [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]
                  .map(Math.round).join(","));
              });
              root.setAttribute("data-height", String(Math.ceil(root.scrollHeight)));
              var hostile = "<script>alert(1)</" + "script>";
              root.setAttribute("data-hostile-as-text", String(Array.prototype.filter.call(
                document.querySelectorAll("td, text"), function (e) { return e.textContent === hostile; }).length));
              root.setAttribute("data-scripts", String(document.scripts.length));
            })();</script>
            """
        return html.replacingOccurrences(of: "<head>", with: "<head>" + trap)
            .replacingOccurrences(of: "</body>", with: measure + "</body>")
    }

    @Test(
        "the demo's report in Chromium: every plot drawn, the expected plots, no URL, a hostile model id as text",
        .enabled(if: Chromium.shouldRun, "chromium is not installed (apt-get install -y chromium): not drawn"),
        .timeLimit(.minutes(2)))
    func demoInChromium() async throws {
        let chromium = try #require(
            Chromium.path, "CI=true but chromium is not in PATH: .ci/run installs it with apt-get install -y chromium")
        let workspace = try CLIWorkspace()
        let first = try await workspace.run(["demo"], timeout: 120)
        #expect(first.exitCode == 0, "\(first)")
        try await addHostileEntries(to: workspace.db)
        let output = workspace.folder.path("report.html")
        let written = try await workspace.run(["report", "-o", output])
        #expect(written.exitCode == 0, "\(written)")
        #expect(written.stderr.contains("Wrote \(output) ("), "\(written)")
        let html = try String(contentsOfFile: output, encoding: .utf8)

        // Nothing to fetch: no URL, no source attribute, no style sheet import.
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"))
        #expect(!html.contains(" src=\"") && !html.contains("url(") && !html.contains("@import"))
        #expect(!html.contains(Self.hostile) && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

        let page = workspace.folder.path("instrumented.html")
        try Data(try instrumented(html).utf8).write(to: URL(fileURLWithPath: page))
        let (width, height) = (1280, 4000)
        let screenshot = workspace.folder.path("report.png")
        let dom = try await runProcess(
            executable: chromium,
            arguments: Chromium.arguments(width: width, height: height, profile: workspace.folder.path("profile"))
                + ["--screenshot=" + screenshot, "--dump-dom", "file://" + page], timeout: 60)
        #expect(dom.exitCode == 0, "\(dom)")

        // The DOM after the page's script ran: the plots expected, the hostile id only as text.
        let root = try #require(dom.stdout.firstMatch(of: /<html[^>]*>/).map { String($0.0) }, "\(dom)")
        #expect(!root.contains("data-alerted"), "an alert ran")
        #expect(root.contains("data-scripts=\"3\""), "\(root)")
        #expect(
            root.contains("data-hostile-as-text=\"3\""),
            "the hostile model id is text in its grid row and its two table cells: \(root)")
        let pageHeight = try #require(root.firstMatch(of: /data-height="(\d+)"/).flatMap { Int($0.1) })
        #expect(pageHeight <= height, "the page is \(pageHeight) px tall: raise the window height")
        let plots = dom.stdout.matches(
            of: /<svg class="plot" data-plot="([a-z]+)"[^>]*data-rect="(\d+),(\d+),(\d+),(\d+)"/
        )
        .map {
            (kind: String($0.1), x: Int($0.2) ?? 0, y: Int($0.3) ?? 0, width: Int($0.4) ?? 0, height: Int($0.5) ?? 0)
        }
        #expect(plots.map(\.kind).filter { $0 == "compute" }.count == 1)
        #expect(plots.map(\.kind).filter { $0 == "metric" }.count == 4, "2 tasks x 2 metrics by learning_rate")
        #expect(plots.map(\.kind).filter { $0 == "heatmap" }.count == 2, "demo:logreg's and test:hostile's")
        #expect(dom.stdout.contains(">accuracy on heldout by learning_rate</figcaption>"))
        #expect(dom.stdout.contains("&lt;img src=x onerror=alert(2)&gt;"))

        // The screenshot: each plot's area has ink, and colour (lines, marks, cells), not a blank box.
        let image = try PNGImage(data: Array(try Data(contentsOf: URL(fileURLWithPath: screenshot))))
        #expect(image.width == width && image.height == height)
        for plot in plots {
            #expect(plot.width > 200 && plot.height > 60, "\(plot)")
            let ink = image.ink(x: plot.x, y: plot.y, width: plot.width, height: plot.height)
            #expect(
                Double(ink.inked) >= 0.01 * Double(ink.pixels),
                "\(plot.kind) at \(plot): \(ink.inked) of \(ink.pixels) pixels inked")
            #expect(ink.coloured >= 50, "\(plot.kind) at \(plot): \(ink.coloured) coloured pixels")
        }
    }
}
