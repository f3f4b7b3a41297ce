import Foundation
import Logging
import MOCache
import MOCachePostgres

/// Every store the conformance tests run against. Each conformance test runs once per entry.
///
/// `make` gets a fresh empty folder that is deleted after the test; a store that keeps files puts them there.
enum ConformanceBackends {
    static let all: [BackendFactory] = [
        BackendFactory(name: "SQLite") {
            try await SQLiteCacheBackend(path: $0.appendingPathComponent("cache.sqlite").path)
        },
        BackendFactory(name: "in-memory") { _ in InMemoryCacheBackend() },
        // A database of its own on the test server (PostgresTestServer): a real server, not a mock.
        BackendFactory(name: "PostgreSQL") { _ in
            try await PostgresCacheBackend(
                location: try await PostgresTestServer.shared.freshLocation(), maximumConnections: 2,
                logger: Logger(label: "mocache-tests.postgres"))
        },
    ]
}
