import Foundation
import MOCacheCore
import Testing

/// One named check of the store conformance suite: see ``StoreConformance`` for how a store runs them.
///
/// Its name says what a store must do, such as "training claims: an expired lease is taken over keeping
/// the job ID"; Swift Testing shows it as the test case, so a failure names the check.
public struct StoreConformanceCheck: Sendable, Identifiable, CustomStringConvertible, CustomTestStringConvertible {
    /// Makes a fresh, empty store for one check. It receives a new empty folder that the check owns and
    /// deletes afterwards: a store that keeps files puts them there, one that keeps none ignores it.
    public typealias MakeStore = @Sendable (_ folder: URL) async throws -> any CacheBackend

    /// What the check checks, prefixed by its group, such as "leases: only the holder renews".
    public let name: String
    /// The check itself, given a fresh, empty store.
    let body: @Sendable (any CacheBackend) async throws -> Void

    /// Makes a check called `name` that runs `body` against a fresh, empty store.
    init(_ name: String, _ body: @escaping @Sendable (any CacheBackend) async throws -> Void) {
        self.name = name
        self.body = body
    }

    /// The check's name: unique in the suite.
    public var id: String { name }

    /// The check's name.
    public var description: String { name }

    /// The check's name, as Swift Testing shows it.
    public var testDescription: String { name }

    /// Runs the check against a fresh store: makes a new temporary folder, makes the store with
    /// `makeStore`, runs the check, then deletes the folder.
    ///
    /// Failed expectations are recorded as Swift Testing issues of the running test; a failed
    /// requirement or an error from the store is thrown.
    ///
    /// ```swift
    /// try await check.run { _ in InMemoryCacheBackend() }
    /// ```
    ///
    /// - Parameter makeStore: Makes a fresh, empty store, whose files, if any, go in the given folder.
    /// - Throws: The error of a failed `#require`, or any error the store or `makeStore` throws.
    public func run(with makeStore: MakeStore) async throws {
        try await Fixture.withStore(makeStore, body)
    }
}
