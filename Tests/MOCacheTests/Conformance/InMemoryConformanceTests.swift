import MOCacheConformance
import Testing

/// The in-memory store passes every check of the store conformance suite.
@Suite("In-memory store conformance")
struct InMemoryConformanceTests {
    @Test(arguments: StoreConformance.checks)
    func conformance(_ check: StoreConformanceCheck) async throws {
        try await check.run(with: ConformanceBackends.inMemory.make)
    }
}
