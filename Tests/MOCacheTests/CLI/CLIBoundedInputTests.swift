import Foundation
import MOCache
import Testing

/// `import` and `canonical` read a bounded amount: endless or huge input ends in a clear error, not in
/// the out-of-memory killer. Each program runs under a shell's `ulimit -v` of 2 GiB, so that reading
/// without a bound fails by memory (a crash, or a message about memory) instead of filling the machine.
@Suite("Bounded input")
struct CLIBoundedInputTests {
    /// Runs `SCRIPT` with `sh -c`, `$MOCACHE` naming the binary, under a 2 GiB address-space limit.
    static func shell(_ script: String, _ workspace: CLIWorkspace) async throws -> ProcessResult {
        try await ProcessSlots.shared.withSlot {
            try await runProcess(
                executable: "/bin/sh", arguments: ["-c", "ulimit -v 2097152; " + script],
                environment: ["MOCACHE": mocacheBinary, "MOCACHE_DB": workspace.db, "NO_COLOR": ""], timeout: 300)
        }
    }

    @Test("canonical of /dev/zero, of an endless pipe and of a big stdin: a clear error at 64 MiB")
    func canonicalIsBounded() async throws {
        let workspace = try CLIWorkspace()
        for script in [
            #""$MOCACHE" canonical /dev/zero"#, #"cat /dev/zero | "$MOCACHE" canonical -"#,
            #"head -c 100000000 /dev/zero | "$MOCACHE" canonical -"#,
        ] {
            let result = try await Self.shell(script, workspace)
            #expect(result.exitCode == 1 && !result.timedOut, "\(script): \(result)")
            #expect(
                result.stderr.contains("holds more than 64 MiB, the most a JSON document may hold"),
                "\(script): \(result)")
        }
    }

    @Test("import of an endless stdin and of a long line: a clear error naming the line; nothing imported")
    func importIsStreamed() async throws {
        let workspace = try CLIWorkspace()
        try await workspace.seed()
        let export = try await workspace.run(["export", "--kind", "training"])
        let records = try workspace.write("records.jsonl", export.stdout)
        let target = try CLIWorkspace()
        let endless = try await Self.shell(#"cat /dev/zero | "$MOCACHE" import --db "$MOCACHE_DB" -"#, target)
        #expect(endless.exitCode == 1 && !endless.timedOut, "\(endless)")
        #expect(
            endless.stderr.contains("Line 1 of standard input is longer than 64 MiB, the most one record may hold"),
            "\(endless)")
        let long = try await Self.shell(
            #"{ cat "\#(records)"; head -c 70000000 /dev/zero; } | "$MOCACHE" import --db "$MOCACHE_DB" -"#, target)
        #expect(long.exitCode == 1, "\(long)")
        #expect(long.stderr.contains("Line 4 of standard input is longer than 64 MiB"), "\(long)")
        #expect(!FileManager.default.fileExists(atPath: target.db), "nothing was imported, no store was made")
        // A file of the same shape, by name.
        let file = try target.write("big.jsonl", "")
        let grow = try await Self.shell(#"head -c 70000000 /dev/zero > "\#(file)""#, target)
        #expect(grow.exitCode == 0, "\(grow)")
        let named = try await Self.shell(#""$MOCACHE" import --db "$MOCACHE_DB" "\#(file)""#, target)
        #expect(named.exitCode == 1 && named.stderr.contains("Line 1 of \(file) is longer than 64 MiB"), "\(named)")
    }
}
