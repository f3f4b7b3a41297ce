import Foundation
import MOCacheCore

/// The conformance suite every store runs: the rules of claims, leases, finishes, filters, hits, the
/// hash memo and uploads that every ``CacheBackend`` must follow, as named checks.
///
/// A store proves itself by running every check against fresh, empty stores of its own kind. The SQLite
/// store, the in-memory store and any new store (PostgreSQL next) run the same checks, so they behave
/// alike. In the store's tests, one parameterized test runs them all, and a failure names its check:
///
/// ```swift
/// import MOCacheConformance
/// import Testing
///
/// @Test(arguments: StoreConformance.checks)
/// func conformance(_ check: StoreConformanceCheck) async throws {
///     try await check.run { folder in try await MyStore(path: folder.appendingPathComponent("cache").path) }
/// }
/// ```
///
/// What the checks assume of a store:
/// - Each check gets its own fresh, empty store, and checks run in parallel: stores that share a server
///   need one database or schema per check. A store that lives in a scope (a client to run and shut down,
///   a schema to drop afterwards) is made around the check and handed over:
///   `try await withFreshStore { store in try await check.run { _ in store } }`.
/// - Times come from this machine's wall clock, or a clock within 10 milliseconds of it: checks compare
///   stored times with `Date()` read around each call, and allow a store to keep times to the millisecond.
/// - The whole suite takes a second or two; the longest sleeps are tens of milliseconds, so that stored
///   times differ.
///
/// The checks use Swift Testing's `#expect` and `#require`: run them inside a Swift Testing test. That is
/// why the suite is a target of its own, `MOCacheConformance`, apart from the dummy backends of
/// `MOCacheTesting`: only test targets should link Swift Testing, never a program.
public enum StoreConformance {
    /// Every check of the suite, each with a name that says what it checks. Pass them as the arguments of
    /// a parameterized test, as in the example above.
    public static let checks: [StoreConformanceCheck] =
        TrainingClaimChecks.checks + EvalClaimChecks.checks + LeaseChecks.checks + FilterChecks.checks
        + FilterLookupChecks.checks + HitLedgerChecks.checks + RemoveEntriesChecks.checks
        + FileHashMemoChecks.checks + DatasetUploadChecks.checks + DatasetTrainingCountChecks.checks
        + FenceChecks.checks + KeptSuccessChecks.checks
}
