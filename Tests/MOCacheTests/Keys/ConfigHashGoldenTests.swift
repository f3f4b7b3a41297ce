import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// Config hashes pinned forever.
///
/// DO NOT CHANGE THESE VALUES. Every training run and eval result in every user's store is keyed by
/// these hashes: if the canonical form or the hash changes, even by one byte, every stored result
/// silently becomes a miss and is paid for again. A failure here means the code changed the key, and
/// the code must be fixed, not the test.
@Suite("Config hashes are stable across versions")
struct ConfigHashGoldenTests {
    static let golden: [(json: String, canonical: String, hash: String)] = [
        (
            "{}", "{}",
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        ),
        (
            #"{"model": "gpt-4o-mini-2024-07-18", "hyperparameters": {"n_epochs": 3, "learning_rate_multiplier": 0.1, "batch_size": 8}, "suffix": null}"#,
            #"{"hyperparameters":{"batch_size":8,"learning_rate_multiplier":0.1,"n_epochs":3},"model":"gpt-4o-mini-2024-07-18","suffix":null}"#,
            "6b416053432ed2c3374c0026ba5d2c3ba99ee4dd482fd9121c38693e97b36dfc"
        ),
        (
            #"{"task": "mmlu", "shots": 5, "temperature": 0.0, "limit": 1e3, "stop": ["\n\n", "</s>"], "seed": -42}"#,
            #"{"limit":1000,"seed":-42,"shots":5,"stop":["\n\n","</s>"],"task":"mmlu","temperature":0}"#,
            "bdb1bc6299e39f8f68048f1051f6deccf0e5e057aae522aa3d4432e35a611330"
        ),
        (
            #"{"lr": 3e-4, "eps": 1e-8, "betas": [0.9, 0.999], "warmup": 1.5e21, "max": 9007199254740992}"#,
            #"{"betas":[0.9,0.999],"eps":1e-8,"lr":0.0003,"max":9007199254740992,"warmup":1.5e+21}"#,
            "f3a4419d71e1b15395fba065ba0d44d42a360b0ab917af7d9d6ea25f884a5ebc"
        ),
        (
            #"{"\u20ac": "\u00e9\ud83d\ude00", "\r": [true, false, null], "\ufb33": {"\u0001": ""}, "1": 0.000001}"#,
            "{\"\\r\":[true,false,null],\"1\":0.000001,\"\u{20AC}\":\"\u{E9}\u{1F600}\",\"\u{FB33}\":{\"\\u0001\":\"\"}}",
            "6c0fc5d648d36d8306b892e8a2f0f8a46373133d5b5792bf02a9ae2c3b5cb792"
        ),
    ]

    @Test func pinnedHashes() throws {
        for (json, canonical, hash) in Self.golden {
            let value = try JSONValue(parsing: json)
            #expect(try value.canonicalData() == Data(canonical.utf8), "\(json)")
            #expect(try value.configHash() == hash, "\(json)")
            #expect(DatasetHasher.hash(bytes: Data(canonical.utf8)) == hash)
        }
    }

    @Test func pinnedDatasetHashes() throws {
        // SHA-256 of the bytes themselves: the empty string and "abc" are the FIPS 180-2 vectors.
        #expect(DatasetHasher.hash(bytes: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            DatasetHasher.hash(bytes: Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            try DatasetHasher.hash(records: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let records: [JSONValue] = [["prompt": "2+2", "completion": "4"], ["prompt": "1/4", "completion": 0.25]]
        #expect(
            try DatasetHasher.hash(records: records)
                == "1a1bfc9def29176e6738889d5d28dbcac29eaa4d12ee27017ee8c8233f42aec9")
    }
}
