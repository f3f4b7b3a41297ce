import Logging
import MOCacheConformance
import MOCachePostgres
import Testing

/// The PostgreSQL store passes every check of the store conformance suite, against a real server.
///
/// Each check gets a store on a database of its own (``PostgresTestServer/freshLocation()``), opened
/// around the check and closed after it, so that its pool and its listening connection end with it.
/// The checks run one after another: each opens connections, and the machine runs other suites too.
@Suite("PostgreSQL store conformance", .serialized)
struct PostgresConformanceTests {
    @Test(arguments: StoreConformance.checks)
    func conformance(_ check: StoreConformanceCheck) async throws {
        let store = try await PostgresCacheBackend(
            location: try await PostgresTestServer.shared.freshLocation(), maximumConnections: 2,
            logger: Logger(label: "mocache-tests.postgres"))
        do {
            try await check.run { _ in store }
        } catch {
            try await store.close()
            throw error
        }
        try await store.close()
    }
}
