import Foundation
import Subprocess
import Testing

/// The README's Swift examples compile against the built modules with `import MOCache` alone, as a user
/// would write them.
@Suite("README snippets")
struct ReadmeSnippetTests {
    /// The README's ```swift blocks, joined into programs: a block that starts with `import MOCache`
    /// starts a program, and each other block goes on from the one before it (the README's examples
    /// build on each other: the store of the first is used by the next ones).
    static func programs() throws -> [String] {
        let readme = try PackageSources.text("README.md")
        var programs: [String] = []
        for block in readme.components(separatedBy: "```swift\n").dropFirst() {
            guard let end = block.range(of: "```") else { continue }
            let code = String(block[..<end.lowerBound])
            let first = code.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            if first == "import MOCache" || programs.isEmpty {
                programs.append(code)
            } else {
                programs[programs.count - 1] += code
            }
        }
        return programs
    }

    @Test("every program the README's swift blocks make type-checks with import MOCache, without warnings")
    func snippetsCompile() async throws {
        let programs = try Self.programs()
        #expect(programs.count >= 2 && programs.allSatisfy { $0.hasPrefix("import MOCache\n") }, "\(programs)")
        let folder = try TemporaryDirectory(prefix: "mocache-readme")
        for (index, program) in programs.enumerated() {
            let file = folder.path("readme-\(index + 1).swift")
            try Data(program.utf8).write(to: URL(fileURLWithPath: file))
            let result = try await Subprocess.run(
                .name("swiftc"),
                arguments: Arguments(["-typecheck", "-swift-version", "6"] + Self.searchPaths + [file]),
                output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
            let diagnostics = result.standardOutput + result.standardError
            #expect(result.terminationStatus.isSuccess, "README program \(index + 1):\n\(program)\n\(diagnostics)")
            #expect(!diagnostics.contains("warning:"), "README program \(index + 1):\n\(diagnostics)")
        }
    }

    /// Where the compiler finds the modules `swift build` made: their `.swiftmodule`s, and the module maps
    /// of the C modules under them (the package's own and those of its dependencies' checkouts).
    static var searchPaths: [String] {
        let products = productsDirectory
        let checkouts = products.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("checkouts")
        var maps: [String] = []
        let own = (try? FileManager.default.contentsOfDirectory(atPath: products.path)) ?? []
        for name in own where name.hasSuffix(".build") {
            let map = products.appendingPathComponent("\(name)/module.modulemap").path
            if FileManager.default.fileExists(atPath: map) { maps.append(map) }
        }
        let walk = FileManager.default.enumerator(atPath: checkouts.path)
        while let path = walk?.nextObject() as? String {
            if path.hasSuffix("/module.modulemap") && path.contains("/Sources/") {
                maps.append(checkouts.appendingPathComponent(path).path)
            }
        }
        return ["-I", products.appendingPathComponent("Modules").path]
            + maps.sorted().flatMap { ["-Xcc", "-fmodule-map-file=\($0)"] }
    }
}
