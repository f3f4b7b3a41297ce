import ArgumentParser
import Foundation

/// The options every scenario shares: the output format and where temporary files go.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output: text (a table) or json (one object on stdout).")
    var format: OutputFormat = .text

    @Option(help: "Folder for the scenario's temporary files (a fresh folder is made inside and removed after).")
    var tempRoot: String = NSTemporaryDirectory()

    /// Reads the machine's load before the scenario starts (parsing runs before `run()`).
    func validate() throws {
        _ = ProgramStart.loadAverage
    }

    /// Prints `report` in the chosen format; progress went to stderr, so stdout holds only this.
    func emit(_ report: BenchReport) throws {
        switch format {
        case .text: print(report.text())
        case .json: print(try report.json())
        }
    }
}
