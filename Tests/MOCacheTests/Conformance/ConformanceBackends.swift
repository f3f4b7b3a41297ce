import Foundation
import MOCache

/// Every store the conformance tests run against. Each conformance test runs once per entry.
///
/// `make` gets a fresh empty folder that is deleted after the test; a store that keeps files puts them there.
enum ConformanceBackends {
    static let all: [BackendFactory] = [
        BackendFactory(name: "SQLite") {
            try await SQLiteCacheBackend(path: $0.appendingPathComponent("cache.sqlite").path)
        },
        BackendFactory(name: "in-memory") { _ in InMemoryCacheBackend() },
    ]
}
