import MOCache

/// The keys of the synthetic training runs: entry `i` of a namespace always has the same key, so the
/// process that fills a database and the processes that look entries up agree without talking.
///
/// Hashes are 64 lowercase hex characters, as real SHA-256 keys are, and spread uniformly, so lookups
/// in random order touch random pages of the index.
enum BenchKeys {
    /// The backend id of every synthetic run.
    static let backendID = "bench"

    /// The key of entry `index` in `namespace` (0 for the filled entries; worker processes write under
    /// their own).
    static func key(_ index: Int, namespace: UInt64 = 0) -> TrainingKey {
        var generator = SplitMix64(
            seed: (UInt64(truncatingIfNeeded: index) &* 0x1000_0000_01B3) ^ (namespace &* 0xA24B_AED4))
        return TrainingKey(
            backendID: backendID, datasetHash: hex(&generator), configHash: hex(&generator))
    }

    /// 64 lowercase hex characters from four draws.
    static func hex(_ generator: inout SplitMix64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(64)
        for _ in 0..<4 {
            let word = generator.next()
            for shift in stride(from: 60, through: 0, by: -4) {
                bytes.append(digits[Int((word >> UInt64(shift)) & 0xF)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `count` entry indexes in `0..<entries`, in a seeded random order (with repeats when `count`
    /// is larger than `entries`).
    static func randomOrder(count: Int, entries: Int, seed: UInt64) -> [Int] {
        var generator = SplitMix64(seed: seed)
        if count <= entries {
            var all = Array(0..<entries)
            for index in 0..<count {
                let other = index + Int(generator.next() % UInt64(entries - index))
                all.swapAt(index, other)
            }
            return Array(all.prefix(count))
        }
        return (0..<count).map { _ in Int(generator.next() % UInt64(entries)) }
    }
}
