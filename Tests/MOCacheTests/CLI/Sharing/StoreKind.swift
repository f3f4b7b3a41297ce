import Foundation
import MOCache
import MOCacheCLI
import Testing

/// The stores the sharing tests run against: every import must merge the same way in each.
struct StoreKind: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable (_ folder: TemporaryDirectory, _ name: String) async throws -> any CacheBackend

    var testDescription: String { name }

    static let all = [
        StoreKind(name: "in-memory") { _, _ in InMemoryCacheBackend() },
        StoreKind(name: "SQLite") { folder, name in try await SQLiteCacheBackend(path: folder.path("\(name).sqlite")) },
    ]
}
