import Foundation
import MOCache

/// Every store of this package, for the tests that run against each: the store conformance suite, and the
/// tests of the wrappers and the CLI.
///
/// `make` gets a fresh empty folder that is deleted after the test; a store that keeps files puts them there.
enum ConformanceBackends {
    /// The SQLite store, in a file of the folder.
    static let sqlite = BackendFactory(name: "SQLite") {
        try await SQLiteCacheBackend(path: $0.appendingPathComponent("cache.sqlite").path)
    }

    /// The in-memory store.
    static let inMemory = BackendFactory(name: "in-memory") { _ in InMemoryCacheBackend() }

    /// Every store: a test parameterized over these runs once per store.
    static let all: [BackendFactory] = [sqlite, inMemory]
}
