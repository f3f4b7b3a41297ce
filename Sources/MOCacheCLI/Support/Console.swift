import Foundation
import MOCache

/// Where a command writes: data to standard output, messages and errors to standard error, in the
/// chosen format, with colour only where it belongs.
struct Console: Sendable {
    /// The data format.
    let format: OutputFormat
    /// Whether messages are left out (errors are always written).
    let quiet: Bool
    /// Colours for standard output.
    let out: Style
    /// Colours for standard error.
    let err: Style
    /// Whether standard error is a terminal on which progress can be drawn.
    let showsProgress: Bool

    init(format: OutputFormat, quiet: Bool) {
        self.format = format
        self.quiet = quiet
        self.out = Style(fileDescriptor: STDOUT_FILENO)
        self.err = Style(fileDescriptor: STDERR_FILENO)
        self.showsProgress = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Writes data to standard output as it is.
    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes a JSON document to standard output, indented, followed by a newline.
    func writeJSON(_ value: JSONValue) {
        write(value.prettyJSON() + "\n")
    }

    /// Writes a message for people to standard error, unless quiet.
    func message(_ text: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes a warning to standard error, unless quiet.
    func warning(_ text: String) {
        message("\(err.yellow("warning:")) \(text)")
    }

    /// Writes an error of the library with the CLI's hint for it (``ErrorHint``).
    func error(_ error: MOCacheError, situation: ErrorHint.Situation = .working) {
        self.error(
            code: error.code.name, message: error.message, path: error.path,
            hint: ErrorHint.hint(for: error, situation: situation))
    }

    /// Writes an error to standard error: a line of text and a `hint:` line when there is a hint, or with
    /// `--format json` a JSON object `{"error": {"code": ..., "message": ..., "path": ..., "hint": ...}}`.
    func error(code: String, message: String, path: String?, hint: String? = nil) {
        let text: String
        switch format {
        case .text:
            // The message may quote a model id or a job's output: its control characters are shown, not run.
            text =
                "\(err.red("error:")) \(TerminalText.escaped(message, keepingNewlines: true))\n"
                + (hint.map { "\(err.yellow("hint:")) \(TerminalText.escaped($0, keepingNewlines: true))\n" } ?? "")
        case .json:
            let body: [String: JSONValue] = [
                "code": .string(code), "message": .string(message), "path": path.map(JSONValue.string) ?? .null,
                "hint": hint.map(JSONValue.string) ?? .null,
            ]
            text = JSONValue.object(["error": .object(body)]).prettyJSON() + "\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
