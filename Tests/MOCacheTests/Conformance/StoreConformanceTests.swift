import MOCacheConformance
import Testing

/// The suite itself: every check can be told apart by its name.
@Suite("Store conformance suite")
struct StoreConformanceTests {
    @Test func checkNamesAreUniqueAndNameTheirGroup() {
        let names = StoreConformance.checks.map(\.name)
        #expect(Set(names).count == names.count, "\(names)")
        for name in names {
            let parts = name.split(separator: ": ", maxSplits: 1)
            #expect(parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty, "\(name)")
        }
    }
}
