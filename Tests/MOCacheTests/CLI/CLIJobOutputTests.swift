import Foundation
import MOCache
import Testing

/// What a training command prints is read as bytes: invalid UTF-8 and control characters in a model id
/// are refused with a clear error (never rewritten or stored), a U+2028 inside a JSON string does not
/// split the line, and a parse error does not talk about configurations (issue 10, items 6, 5, 16, 17).
@Suite("mocache: reading a job's output")
struct CLIJobOutputTests {
    /// `mocache train` with a script that prints `output` (a printf format) as its last line.
    static func train(printing output: String, _ workspace: CLIWorkspace) async throws -> ProcessResult {
        let script = try workspace.write("printer.sh", "printf '\(output)\\n'\n")
        return try await workspace.run(
            [
                "train", "--backend", "process:sft", "--dataset", workspace.dataset, "--config", workspace.config,
                "--", "/bin/sh", script,
            ])
    }

    /// The model ids the store serves.
    static func storedModels(_ workspace: CLIWorkspace) async throws -> [String] {
        let models = try await workspace.run(["models", "--format", "json"]).json()
        return models.arrayValue?.compactMap { $0["model_id"]?.stringValue } ?? []
    }

    @Test("invalid UTF-8 in a printed model id is refused, not stored as U+FFFD")
    func invalidUTF8IsRefused() async throws {
        let workspace = try CLIWorkspace()
        let result = try await Self.train(printing: #"{"model_id": "ft-\377\376"}"#, workspace)
        #expect(result.exitCode != 0, "\(result)")
        #expect(result.stderr.contains("invalid UTF-8"), "\(result)")
        #expect(!result.stdout.contains("\u{FFFD}"), "\(result)")
        #expect(try await Self.storedModels(workspace).isEmpty)
    }

    @Test(
        "a NUL, a newline or an escape in a printed model id is refused with a message",
        arguments: [
            #"ft\\u0000x"#, #"ft\\nx"#, #"ft\\u001b[31mred"#,
        ])
    func controlCharactersAreRefused(_ escaped: String) async throws {
        let workspace = try CLIWorkspace()
        let result = try await Self.train(printing: #"{"model_id": ""# + escaped + #""}"#, workspace)
        #expect(result.exitCode != 0, "\(result)")
        #expect(result.stderr.contains("printed a model id that holds the control character U+"), "\(result)")
        #expect(try await Self.storedModels(workspace).isEmpty)
    }

    @Test("a raw U+2028 inside a string of the last line does not split it")
    func lineSeparatorDoesNotSplit() async throws {
        let workspace = try CLIWorkspace()
        let result = try await Self.train(printing: #"{"model_id": "ft-ok", "note": "a\342\200\250b"}"#, workspace)
        #expect(result.exitCode == 0, "\(result)")
        #expect(try await Self.storedModels(workspace) == ["ft-ok"])
    }

    @Test("a last line that is not JSON: the error says what is wrong, not how to fix a configuration")
    func parseErrorWording() async throws {
        let workspace = try CLIWorkspace()
        let result = try await Self.train(printing: #"{"model_id": "ft-1",}"#, workspace)
        #expect(result.exitCode != 0, "\(result)")
        #expect(result.stderr.contains("must print a JSON object in UTF-8 as its last line"), "\(result)")
        #expect(!result.stderr.contains("one exact JSON form"), "\(result)")
    }
}
