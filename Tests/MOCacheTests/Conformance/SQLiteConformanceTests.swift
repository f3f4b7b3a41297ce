import MOCacheConformance
import Testing

/// The SQLite store passes every check of the store conformance suite.
@Suite("SQLite store conformance")
struct SQLiteConformanceTests {
    @Test(arguments: StoreConformance.checks)
    func conformance(_ check: StoreConformanceCheck) async throws {
        try await check.run(with: ConformanceBackends.sqlite.make)
    }
}
