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

    /// A target of `Package.swift`: its kind (`target`, `executableTarget`, `testTarget`), its name, the
    /// targets of this package it depends on, and the packages whose products it uses.
    struct Target: Hashable, Sendable {
        let kind: String
        let name: String
        let dependencies: [String]
        let packages: [String]
    }

    /// The targets that `Package.swift` declares, in order.
    static func targets() throws -> [Target] {
        let manifest = try text("Package.swift")
        let start = try NSRegularExpression(pattern: #"\.(target|executableTarget|testTarget)\(\s*name:\s*"([^"]+)""#)
        let matches = start.matches(in: manifest, range: NSRange(manifest.startIndex..., in: manifest))
        return try matches.enumerated().map { index, match in
            let end = index + 1 < matches.count ? matches[index + 1].range.location : (manifest as NSString).length
            let body = (manifest as NSString).substring(
                with: NSRange(location: match.range.location, length: end - match.range.location))
            return Target(
                kind: (manifest as NSString).substring(with: match.range(at: 1)),
                name: (manifest as NSString).substring(with: match.range(at: 2)),
                dependencies: try dependencies(in: body), packages: try packages(in: body))
        }
    }

    /// The quoted target names in the `dependencies: [...]` of one target's declaration.
    private static func dependencies(in declaration: String) throws -> [String] {
        guard let list = declaration.range(of: #"dependencies:\s*\[[^\]]*\]"#, options: .regularExpression) else {
            return []
        }
        let products = String(declaration[list]).replacingOccurrences(
            of: #"\.product\([^)]*\)"#, with: "", options: .regularExpression)
        let quoted = try NSRegularExpression(pattern: #""([^"]+)""#)
        return quoted.matches(in: products, range: NSRange(products.startIndex..., in: products)).map {
            (products as NSString).substring(with: $0.range(at: 1))
        }
    }

    /// The packages named by `.product(name: ..., package: ...)` in one target's declaration.
    private static func packages(in declaration: String) throws -> [String] {
        let product = try NSRegularExpression(pattern: #"\.product\([^)]*package:\s*"([^"]+)"\)"#)
        return product.matches(in: declaration, range: NSRange(declaration.startIndex..., in: declaration)).map {
            (declaration as NSString).substring(with: $0.range(at: 1))
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
