import Foundation
import Logging
import MOCache
import MOCachePostgres
import Testing

/// The stores that processes can share, for tests that run the same scenario on each: a SQLite file in
/// the test's folder, or a database of its own on the test PostgreSQL server (``PostgresTestServer``).
enum SharedStoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A new, empty store's location for the worker's `--db`: a file path, or a server URL with its
    /// password (the store is created here, so that readers can open it before the first worker does).
    func makeLocation(in folder: TemporaryDirectory) async throws -> String {
        switch self {
        case .sqlite:
            return folder.path("cache.sqlite")
        case .postgres:
            let location = try await PostgresTestServer.shared.freshLocation()
            let store = try await PostgresCacheBackend(
                location: location, maximumConnections: 1, logger: StoreFixture.quiet)
            try await store.close()
            return PostgresTestServer.url(location)
        }
    }

    /// Opens the store at `location` (as ``makeLocation(in:)`` gave it); `nil` while a SQLite file does not
    /// exist yet. Close it with ``close(_:)``.
    func open(_ location: String, readOnly: Bool) async throws -> (any CacheBackend)? {
        switch self {
        case .sqlite:
            guard FileManager.default.fileExists(atPath: location) else { return nil }
            return try await SQLiteCacheBackend(path: location, access: readOnly ? .readOnly : .readWrite)
        case .postgres:
            return try await PostgresCacheBackend(
                location: try PostgresLocation(url: location), access: readOnly ? .readOnly : .readWrite,
                maximumConnections: 1, logger: StoreFixture.quiet)
        }
    }

    /// Closes a store that ``open(_:readOnly:)`` opened.
    func close(_ store: any CacheBackend) async throws {
        switch store {
        case let store as SQLiteCacheBackend: try await store.close()
        case let store as PostgresCacheBackend: try await store.close()
        default: Issue.record("a store of an unknown kind: \(type(of: store))")
        }
    }
}
