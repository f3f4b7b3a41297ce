import Testing

@testable import MOCacheCore

/// The library's error messages say what to do in the library's terms: no flag, environment variable or
/// command of the `mocache` program, which adds those itself (see `ErrorHint` in MOCacheCLI).
@Suite("MOCacheError messages")
struct MOCacheErrorMessageTests {
    static let errors: [MOCacheError] = [
        .notADatabase("/d/cache.sqlite", detail: "it is empty"),
        .schemaTooNew("/d/cache.sqlite", found: 9, supported: 3),
        .readOnly("/d/cache.sqlite", detail: "the file is read-only"),
        .permissionDenied("/d/cache.sqlite"),
        .databaseMissing("/d/cache.sqlite"),
        .datasetMissing("/d/data.jsonl", detail: "no such file"),
        .invalidConfig(at: "$.lr", "NaN has no JSON form"),
        .busy("/d/cache.sqlite", seconds: 10),
        .sqliteTooOld(found: "3.30.0", required: "3.37.0"),
        .diskFull("/d/cache.sqlite", detail: "database or disk is full"),
        .storeFailure("/d/cache.sqlite", detail: "disk I/O error"),
        .storeClosed("/d/cache.sqlite"),
        .corruptValue("/d/cache.sqlite", column: "training_runs.config_json", detail: "not JSON"),
        .missingEntry(.training(TrainingKey(backendID: "b", datasetHash: "d", configHash: "c")), path: "/d/x"),
    ]

    @Test("no message names a flag, MOCACHE_DB or a mocache command", arguments: errors)
    func libraryTermsOnly(_ error: MOCacheError) {
        for word in ["--", "MOCACHE_DB", "`mocache", "mocache verify", "mocache rm", "mocache prune"] {
            #expect(!error.message.contains(word), "\(error.code): \(error.message)")
        }
    }
}
