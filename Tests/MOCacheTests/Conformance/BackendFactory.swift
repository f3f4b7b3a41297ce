import Foundation
import MOCache
import MOCacheConformance
import Testing

/// One kind of store that tests of the wrappers and the CLI run against: a name for the test report, and
/// how to make a fresh, empty store.
///
/// `make` receives a new empty folder that the test owns and deletes afterwards; a store that keeps files
/// (SQLite) puts them there, a store that keeps nothing on disk ignores it.
struct BackendFactory: Sendable, CustomTestStringConvertible {
    /// The name shown in test results, such as `"in-memory"`.
    let name: String
    /// Makes a fresh, empty store whose files, if any, live in the given folder.
    let make: StoreConformanceCheck.MakeStore

    init(name: String, make: @escaping StoreConformanceCheck.MakeStore) {
        self.name = name
        self.make = make
    }

    var testDescription: String { name }
}

extension Fixture {
    /// Makes a fresh store with `factory` in a new temporary folder, runs `body` with it, then deletes the
    /// folder.
    static func withStore(_ factory: BackendFactory, _ body: (any CacheBackend) async throws -> Void)
        async throws
    {
        try await withStore(factory.make, body)
    }
}
