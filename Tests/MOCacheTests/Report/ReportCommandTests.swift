import Foundation
import MOCache
import Testing

/// `mocache report` as users run it: the built binary, its exit codes, its output and its file.
@Suite("mocache report: the command")
struct ReportCommandTests {
    @Test("writes one page of the store, says where; --format json says it for scripts")
    func writes() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let output = workspace.folder.path("out/report.html")
        try FileManager.default.createDirectory(
            atPath: workspace.folder.path("out"), withIntermediateDirectories: true)
        let result = try await workspace.run(["report", "-o", output])
        #expect(result.exitCode == 0 && result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.hasPrefix("Wrote \(output) ("), "\(result)")
        #expect(result.stderr.hasSuffix("): 4 training runs, 4 eval results.\n"), "\(result)")
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.hasPrefix("<!doctype html>") && html.hasSuffix("</html>\n"))
        for text in ["ft-alpha-1", "ft-beta", "out of memory", "harness crashed", "process:dpo", "mmlu"] {
            #expect(html.contains(text), "\(text)")
        }
        let json = try await workspace.run(["report", "-o", output, "--format", "json", "--backend", "process:dpo"])
        #expect(json.exitCode == 0, "\(json)")
        let shape = try json.json()
        #expect(shape["path"] == .string(output) && shape["training_runs"] == 1 && shape["eval_results"] == 1)
        #expect(shape["sections"] == ["process:dpo"] && (shape["bytes"]?.doubleValue ?? 0) > 1_000)
    }

    @Test("-o - writes the page to standard output; the filters narrow it")
    func standardOutput() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let result = try await workspace.run(["report", "-o", "-", "--task", "gsm8k", "mmlu", "--metric", "f1"])
        #expect(result.exitCode == 0 && result.stderr.isEmpty, "\(result)")
        #expect(result.stdout.hasPrefix("<!doctype html>"))
        #expect(result.stdout.contains("only tasks gsm8k, mmlu, metric f1"))
        #expect(result.stdout.contains(">f1 by model and task</h3>"))
        let since = try await workspace.run(["report", "-o", "-", "--since", "2000-01-01"])
        #expect(since.exitCode == 0 && since.stdout.contains("only since 2000-01-01 00:00 UTC"), "\(since)")
    }

    @Test("bad usage and a missing database: clear errors, no file")
    func errors() async throws {
        let workspace = try CLIWorkspace()
        let output = workspace.folder.path("report.html")
        let missing = try await workspace.run(["report", "-o", output])
        #expect(missing.exitCode == 1 && missing.stderr.contains("No mocache database at \(workspace.db)"))
        #expect(!FileManager.default.fileExists(atPath: output))
        let both = try await workspace.run(["report", "-o", "-", "--open"])
        #expect(both.exitCode == 64 && both.stderr.contains("--open needs a file"), "\(both)")
        let since = try await workspace.run(["report", "--since", "yesterday"])
        #expect(since.exitCode == 64 && since.stderr.contains("--since"), "\(since)")
        try await workspace.seed()
        let nowhere = workspace.folder.path("no/such/folder")
        let folder = try await workspace.run(["report", "-o", nowhere + "/r.html"])
        #expect(folder.exitCode == 1, "\(folder)")
        #expect(
            folder.stderr.contains("the folder \(nowhere) does not exist. Create it, or give another file with -o."),
            "\(folder)")
    }

    @Test("--open hands the file to the system's opener, or says there is none")
    func open() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let bin = workspace.folder.path("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let opened = workspace.folder.path("opened.txt")
        let opener = try workspace.write("bin/xdg-open", "#!/bin/sh\nprintf '%s' \"$1\" > '\(opened)'\n")
        #expect(chmod(opener, 0o755) == 0)
        let output = workspace.folder.path("report.html")
        let result = try await workspace.run(
            ["report", "-o", output, "--open"], environment: ["PATH": "\(bin):/usr/bin:/bin"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(try String(contentsOfFile: opened, encoding: .utf8) == output)

        let empty = workspace.folder.path("empty-bin")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let none = try await workspace.run(["report", "-o", output, "--open"], environment: ["PATH": empty])
        #expect(none.exitCode == 0, "\(none)")
        #expect(none.stderr.contains("No xdg-open found in PATH to open the report: open \(output) in a browser."))

        try workspace.write("bin/xdg-open", "#!/bin/sh\nexit 4\n")
        let failing = try await workspace.run(
            ["report", "-o", output, "--open"], environment: ["PATH": "\(bin):/usr/bin:/bin"])
        #expect(failing.exitCode == 0 && failing.stderr.contains("exited with status 4"), "\(failing)")
    }
}
