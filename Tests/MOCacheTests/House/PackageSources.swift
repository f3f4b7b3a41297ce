import Foundation

/// The package's own files, read by the tests that keep the house in order: the manifest, the README,
/// ARCHITECTURE.md and the sources of each target.
enum PackageSources {
    /// The package's root folder, found from this file's place in `Tests/MOCacheTests/House`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The text of a file of the package, such as `"Package.swift"`.
    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// A target of `Package.swift`: its kind (`target`, `executableTarget`, `testTarget`) and its name.
    struct Target: Hashable, Sendable {
        let kind: String
        let name: String
    }

    /// The targets that `Package.swift` declares, in order.
    static func targets() throws -> [Target] {
        let manifest = try text("Package.swift")
        let pattern = try NSRegularExpression(pattern: #"\.(target|executableTarget|testTarget)\(\s*name:\s*"([^"]+)""#)
        let range = NSRange(manifest.startIndex..., in: manifest)
        return pattern.matches(in: manifest, range: range).compactMap { match in
            guard let kind = Range(match.range(at: 1), in: manifest), let name = Range(match.range(at: 2), in: manifest)
            else { return nil }
            return Target(kind: String(manifest[kind]), name: String(manifest[name]))
        }
    }

    /// The Swift files under `Sources/<target>`, as paths relative to the root, sorted.
    static func swiftFiles(ofTarget target: String) throws -> [String] {
        let folder = root.appendingPathComponent("Sources/\(target)")
        guard let walk = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return walk.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.map { "Sources/\(target)/\($0)" }
            .sorted()
    }
}
