import Foundation

/// What a scenario found: its figures, the checks it made, and facts about the setup.
struct BenchReport: Codable, Sendable {
    /// The scenario's name (the subcommand).
    let scenario: String
    /// The parameters it ran with, as text, and the machine's load when it started.
    var parameters: [String: String] = ["load_average_at_start": String(format: "%.2f", ProgramStart.loadAverage)]
    /// The timed figures.
    var measurements: [Measurement] = []
    /// Other numbers: sizes, counts, bytes per entry.
    var figures: [String: Double] = [:]
    /// Pass/fail checks the scenario made on what it measured (hashes equal, no write lost).
    var checks: [String: Bool] = [:]
    /// Sentences that help read the numbers.
    var notes: [String] = []

    /// Whether every check passed.
    var checksPassed: Bool { checks.values.allSatisfy { $0 } }

    /// The report as one JSON object, keys in snake_case.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The report as a table for people.
    func text() -> String {
        var lines = ["== \(scenario) =="]
        if !parameters.isEmpty {
            lines.append(parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
        var rows: [[String]] = [["what", "median", "p99", "ops/s", "cpu/op", "samples", "vs baseline"]]
        for measurement in measurements {
            rows.append(Self.row(measurement.name, measurement.summary, ratio: Self.ratioText(measurement)))
            if let name = measurement.baselineName, let baseline = measurement.baseline {
                rows.append(Self.row("  baseline: \(name)", baseline, ratio: ""))
            }
        }
        lines.append(contentsOf: Self.table(rows))
        for (name, value) in figures.sorted(by: { $0.key < $1.key }) {
            lines.append("\(name): \(Self.number(value))")
        }
        for (name, passed) in checks.sorted(by: { $0.key < $1.key }) {
            lines.append("check \(name): \(passed ? "ok" : "FAILED")")
        }
        lines.append(contentsOf: notes.map { "note: \($0)" })
        return lines.joined(separator: "\n")
    }

    private static func ratioText(_ measurement: Measurement) -> String {
        guard let ratio = measurement.ratio else { return "" }
        let formatted = String(format: ratio >= 100 ? "%.0f" : "%.2f", ratio)
        return measurement.ratioMeaning?.hasPrefix("baseline median / median") == true
            ? "\(formatted)x faster" : "\(formatted)x"
    }

    private static func row(_ name: String, _ summary: Summary, ratio: String) -> [String] {
        [
            name, duration(summary.medianNs), duration(summary.p99Ns), number(summary.opsPerS),
            summary.cpuNsPerOp.map(duration) ?? "", "\(summary.samples)", ratio,
        ]
    }

    /// Columns padded to their widest cell; numbers aligned right.
    private static func table(_ rows: [[String]]) -> [String] {
        guard let header = rows.first else { return [] }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }

    /// A duration in the unit that reads best.
    static func duration(_ nanoseconds: Double) -> String {
        switch nanoseconds {
        case ..<1_000: String(format: "%.0f ns", nanoseconds)
        case ..<1_000_000: String(format: "%.2f us", nanoseconds / 1_000)
        case ..<1_000_000_000: String(format: "%.2f ms", nanoseconds / 1_000_000)
        default: String(format: "%.3f s", nanoseconds / 1_000_000_000)
        }
    }

    /// A number with few decimals.
    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: abs(value) >= 100 ? "%.0f" : "%.3f", value)
    }
}
