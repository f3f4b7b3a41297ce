import Foundation
import Testing

/// The README's sweep example is real output: the sweep of `docs/examples/sweep` run with the built
/// `mocache`, compared line for line with the README.
@Suite("README sweep example")
struct ReadmeSweepExampleTests {
    /// The command and its output between the README's `<!-- sweep-example -->` markers.
    static func example() throws -> (arguments: [String], output: String) {
        let readme = try PackageSources.text("README.md")
        let start = try #require(readme.range(of: "<!-- sweep-example -->\n```\n"))
        let end = try #require(readme.range(of: "```\n<!-- /sweep-example -->"))
        let block = readme[start.upperBound..<end.lowerBound]
        let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
        let command = try #require(lines.first.map(String.init))
        let prefix = "$ mocache "
        #expect(command.hasPrefix(prefix), "\(command)")
        let arguments = command.dropFirst(prefix.count).split(separator: " ").map(String.init)
        return (arguments, lines.dropFirst().joined(separator: "\n"))
    }

    @Test("the README's sweep example prints what the README shows, and the re-run runs nothing")
    func exampleOutput() async throws {
        let (arguments, output) = try Self.example()
        let folder = try TemporaryDirectory(prefix: "mocache-sweep-example")
        let example = PackageSources.root.appendingPathComponent("docs/examples/sweep").path
        let copy = try await runProcess(executable: "/bin/cp", arguments: ["-R", example + "/.", folder.path])
        #expect(copy.exitCode == 0, "\(copy)")
        let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
        let shell = "cd '\(folder.path)' && '\(mocacheBinary)' \(quoted)"
        let environment = ["MOCACHE_DB": "", "NO_COLOR": "1"]
        let first = try await runProcess(
            executable: "/bin/sh", arguments: ["-c", shell], environment: environment, timeout: 120)
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.stdout == output, "the README's example is stale; its real output is:\n\(first.stdout)")
        let second = try await runProcess(
            executable: "/bin/sh", arguments: ["-c", shell], environment: environment, timeout: 120)
        #expect(second.exitCode == 0, "\(second)")
        let served = second.stdout.split(separator: "\n").dropFirst()
        #expect(
            served.count == 4 && served.allSatisfy { !$0.contains("computed") && $0.contains("cache") }, "\(second)")
    }
}
