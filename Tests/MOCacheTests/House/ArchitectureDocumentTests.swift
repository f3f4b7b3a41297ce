import Foundation
import Testing

/// ARCHITECTURE.md draws the targets and their arrows; it must say what `Package.swift` says.
@Suite("ARCHITECTURE.md")
struct ArchitectureDocumentTests {
    /// A row of the document's table of targets: the target and the targets of ours it names as
    /// dependencies (in backticks; other packages are named in plain text).
    struct Row: Equatable, CustomStringConvertible {
        let name: String
        let dependencies: [String]

        var description: String { "\(name) -> \(dependencies.joined(separator: ", "))" }
    }

    /// The rows of the table whose first column is a target in backticks.
    static func rows() throws -> [Row] {
        let document = try PackageSources.text("ARCHITECTURE.md")
        return document.split(separator: "\n").compactMap { line -> Row? in
            guard line.hasPrefix("| `") else { return nil }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 5 else { return nil }
            return Row(name: cells[1].trimmingCharacters(in: ["`"]), dependencies: backticked(cells[4]))
        }
    }

    /// The words in backticks in a cell.
    static func backticked(_ cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
            .map { String($0.element) }
    }

    @Test("the table lists Package.swift's targets, in order, with their dependencies on each other")
    func tableMatchesThePackage() throws {
        let targets = try PackageSources.targets()
        #expect(targets.count >= 10 && targets.contains { $0.name == "MOCacheCore" })
        let expected = targets.map { Row(name: $0.name, dependencies: $0.dependencies) }
        let documented = try Self.rows()
        #expect(documented.map(\.name) == expected.map(\.name))
        for row in expected {
            #expect(documented.first { $0.name == row.name } == row, "Package.swift says \(row)")
        }
    }

    @Test("the core depends on swift-crypto and swift-log only")
    func coreDependencies() throws {
        let core = try #require(try PackageSources.targets().first { $0.name == "MOCacheCore" })
        #expect(core.dependencies.isEmpty)
        #expect(Set(core.packages) == ["swift-crypto", "swift-log"])
    }
}
