import Foundation
import Testing

@testable import MOCacheCore
@testable import MOCacheProcess
@testable import MOCacheSQLite

/// Properties checked over seeded random documents: the same seeds every run, so a failure replays.
@Suite("Canonical JSON properties")
struct CanonicalPropertyTests {
    static let seeds: [UInt64] = Array(1...8)
    static let documentsPerSeed = 40

    @Test(arguments: seeds)
    func parseOfCanonicalIsTheSameValue(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<Self.documentsPerSeed {
            let value = RandomJSON.value(&generator)
            let canonical = try value.canonicalJSON()
            let parsed = try JSONValue(parsing: canonical)
            #expect(parsed == value, "seed \(seed): \(canonical)")
            // Idempotent: canonicalizing the canonical text changes nothing.
            #expect(try parsed.canonicalJSON() == canonical, "seed \(seed)")
            #expect(try parsed.canonicalData() == Data(canonical.utf8), "seed \(seed)")
        }
    }

    @Test(arguments: seeds)
    func memberOrderWhitespaceEscapesAndNumberSpellingNeverChangeTheHash(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed &* 1000)
        for _ in 0..<Self.documentsPerSeed {
            let value = RandomJSON.value(&generator)
            let hash = try value.configHash()
            for _ in 0..<3 {
                let text = RandomJSON.noisyText(value, &generator)
                let parsed = try JSONValue(parsing: text)
                #expect(parsed == value, "seed \(seed): \(text)")
                #expect(try parsed.configHash() == hash, "seed \(seed): \(text)")
                #expect(try JSONValue(parsing: Data(text.utf8)).configHash() == hash, "seed \(seed)")
            }
        }
    }

    @Test(arguments: seeds)
    func prettyAndEncodedFormsReadBackAsTheSameValue(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed &* 7919)
        for _ in 0..<Self.documentsPerSeed {
            let value = RandomJSON.value(&generator)
            #expect(try JSONValue(parsing: value.prettyJSON()) == value, "seed \(seed)")
            #expect(try JSONValue(encoding: value) == value, "seed \(seed)")
        }
    }

    @Test(arguments: seeds)
    func differentDocumentsHashDifferently(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed &+ 99)
        var hashes: [String: String] = [:]
        for _ in 0..<Self.documentsPerSeed {
            let value = RandomJSON.value(&generator)
            let canonical = try value.canonicalJSON()
            let hash = try value.configHash()
            if let earlier = hashes[hash] { #expect(earlier == canonical, "seed \(seed)") }
            hashes[hash] = canonical
            #expect(hash.count == 64 && hash.allSatisfy { "0123456789abcdef".contains($0) })
        }
    }

    @Test func theGeneratorCoversWhatMatters() throws {
        // Guards the property tests against a generator that silently stopped making hard cases.
        var canonicalText = ""
        for seed in Self.seeds {
            var generator = SplitMix64(seed: seed)
            for _ in 0..<Self.documentsPerSeed { canonicalText += try RandomJSON.value(&generator).canonicalJSON() }
        }
        for needle in ["\u{1F600}", "\\u00", "\\\"", "e+", "e-", "{\"", "[", "\u{FB33}"] {
            #expect(canonicalText.contains(needle), "no \(needle) in the generated documents")
        }
    }
}
