/// A small, fast, seeded random number generator (Steele, Lea and Flood's SplitMix64), for everything in
/// this package that must make the same values from the same seed: the demo's data, the benchmark's keys,
/// the load tests' workers, the property tests' documents (so that a failure can be replayed).
///
/// Package-only: not part of the library's public API.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    package init(seed: UInt64) {
        state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
