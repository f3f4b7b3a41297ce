import Foundation
import MOCache
import Testing

/// One kind of store the conformance tests run against: a name for the test report, and how to make a
/// fresh, empty store.
///
/// `make` receives a new empty folder that the test owns and deletes afterwards; a store that keeps files
/// (SQLite) puts them there, a store that keeps nothing on disk ignores it.
struct BackendFactory: Sendable, CustomTestStringConvertible {
    /// The name shown in test results, such as `"in-memory"`.
    let name: String
    /// Makes a fresh, empty store whose files, if any, live in the given folder.
    let make: @Sendable (_ folder: URL) async throws -> any CacheBackend

    init(name: String, make: @escaping @Sendable (_ folder: URL) async throws -> any CacheBackend) {
        self.name = name
        self.make = make
    }

    var testDescription: String { name }
}
