import Foundation
import MOCache

/// Writes a ``Report`` as one self-contained HTML page: styles, script and plots inline, nothing to
/// fetch when it is viewed (its Content-Security-Policy forbids any request), light and dark schemes,
/// a print layout.
///
/// Every string from the store reaches the page through ``HTMLNode`` text or attribute values, which
/// are escaped; the policy also refuses to run any script but the page's own (it carries a fresh
/// nonce), so even text that escaped escaping could not run.
///
/// ```swift
/// let html = ReportPage.html(report)
/// try Data(html.utf8).write(to: URL(fileURLWithPath: "report.html"))
/// ```
package enum ReportPage {
    /// The page of `report`.
    ///
    /// - Parameter nonce: The nonce that lets the page's own script run; a fresh random one by default.
    package static func html(_ report: Report, nonce: String = newNonce()) -> String {
        var output = "<!doctype html>\n"
        output.reserveCapacity(64 * 1024)
        document(report, nonce: nonce).render(into: &output)
        output += "\n"
        return output
    }

    /// 128 random bits in hex: a script nonce no store content can guess.
    package static func newNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let text = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }

    static func document(_ report: Report, nonce: String) -> HTMLNode {
        let policy =
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-\(nonce)'; img-src data:; "
            + "base-uri 'none'; form-action 'none'"
        let head = HTMLNode.element(
            "head", .none,
            [
                .element("meta", ["charset": "utf-8"]),
                .element("meta", ["http-equiv": "Content-Security-Policy", "content": policy]),
                .element("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]),
                .element("meta", ["name": "color-scheme", "content": "light dark"]),
                .element("meta", ["name": "generator", "content": "mocache report"]),
                .element("title", text: "mocache report · \(report.source)"),
                .element("style", .none, [.markup(ReportStylesheet.css)]),
            ])
        var main: [HTMLNode] = [summary(report)]
        if report.sections.count > 1 {
            main.append(
                .element(
                    "nav", ["class": "toc", "aria-label": "Sections"],
                    report.sections.map { .element("a", ["href": "#" + $0.anchor], text: $0.title) }))
        }
        main += report.sections.map(section)
        let body = HTMLNode.element(
            "body", .none,
            [
                header(report), .element("main", .none, main),
                .element(
                    "footer", .none,
                    [
                        .text(
                            "Written by mocache report. The page is self-contained: it loads nothing from the network, "
                                + "and every number in it is in the store it was made from.")
                    ]),
                .element("script", ["nonce": nonce], [.markup(ReportScript.javaScript)]),
            ])
        return .element("html", ["lang": "en"], [head, body])
    }

    // MARK: - Header and summary

    private static func header(_ report: Report) -> HTMLNode {
        var meta: [HTMLNode] = [
            .element("span", .none, [.element("code", .none, text: report.source)]),
            .element("span", .none, text: "written \(ReportFormat.timestamp(report.generatedAt))"),
        ]
        let summary = report.summary
        var store = "schema \(summary.schemaVersion)"
        if let bytes = summary.storeBytes { store = HumanFormat.bytes(bytes) + ", " + store }
        meta.append(.element("span", .none, text: store))
        if !report.filters.isEmpty {
            meta.append(.element("span", .none, text: "only " + report.filters.joined(separator: ", ")))
        }
        return .element(
            "header", .none,
            [.element("h1", .none, text: "mocache report"), .element("p", ["class": "meta"], meta)])
    }

    private static func summary(_ report: Report) -> HTMLNode {
        let summary = report.summary
        let entries = summary.trainingRuns + summary.evalResults
        var entriesDetail =
            "\(ReportFormat.count(summary.trainingRuns, "training run")) · "
            + ReportFormat.count(summary.evalResults, "evaluation")
        if entries != summary.storeEntries {
            entriesDetail += " · \(ReportFormat.integer(summary.storeEntries)) in the store"
        }
        var failureDetail = [ReportFormat.count(summary.cancelled, "cancelled", "cancelled")]
        failureDetail.append("\(ReportFormat.integer(summary.inFlight)) in flight")
        let cards: [HTMLNode] = [
            card("entries", ReportFormat.integer(entries), detail: entriesDetail),
            card(
                "hits served", ReportFormat.integer(summary.hits),
                detail: summary.hits == 0 ? "nothing served from the cache yet" : "requests answered from the store"),
            card(
                "compute saved", HumanFormat.duration(summary.savedSeconds),
                detail: "\(HumanFormat.duration(summary.spentSeconds)) spent on jobs",
                tone: summary.savedSeconds > 0 ? "good" : nil),
            card(
                "failures", ReportFormat.integer(summary.failed), detail: failureDetail.joined(separator: " · "),
                tone: summary.failed > 0 ? "bad" : nil),
        ]
        var nodes: [HTMLNode] = [
            .element("h2", .none, text: "Summary"), .element("div", ["class": "cards"], cards),
        ]
        if let chart = summary.computeChart {
            nodes.append(figure(chart, size: LineChartWriter.wideSize))
        } else {
            nodes.append(
                .element(
                    "p", ["class": "empty"],
                    text: entries == 0
                        ? "The store holds no entries" + (report.filters.isEmpty ? "" : " that match") + " yet. "
                            + "Run a training or an evaluation through mocache (or `mocache demo`), then make the "
                            + "report again."
                        : "No job has finished yet, so there is no compute to plot."))
        }
        return .element("section", ["id": "summary"], nodes)
    }

    private static func card(_ label: String, _ value: String, detail: String, tone: String? = nil) -> HTMLNode {
        .element(
            "div", ["class": tone.map { "card " + $0 } ?? "card"],
            [
                .element("div", ["class": "label"], text: label), .element("div", ["class": "value"], text: value),
                .element("div", ["class": "detail"], text: detail),
            ])
    }

    // MARK: - Sections

    private static func section(_ section: ReportSection) -> HTMLNode {
        var heading: [HTMLNode] = [.text(section.title)]
        if section.runs != nil { heading.append(.element("span", ["class": "kind"], text: "training backend")) }
        var nodes: [HTMLNode] = [
            .element("h2", .none, heading), .element("p", ["class": "subtitle"], text: section.subtitle),
        ]
        nodes += section.notes.map { .element("p", ["class": "note"], text: $0) }
        if !section.charts.isEmpty {
            nodes.append(.element("h3", .none, text: "Metrics by hyperparameter"))
            nodes.append(.element("div", ["class": "charts"], section.charts.map { figure($0) }))
        }
        if let heatmap = section.heatmap {
            nodes.append(.element("h3", .none, text: heatmap.title))
            nodes.append(figure(heatmap))
        }
        if let runs = section.runs {
            nodes.append(.element("h3", .none, text: "Runs"))
            nodes.append(table(runs))
        }
        if let failed = section.failedEvals {
            nodes.append(.element("h3", .none, text: "Failed evaluations"))
            nodes.append(table(failed))
        }
        return .element("section", ["id": section.anchor, "class": "backend"], nodes)
    }
}
