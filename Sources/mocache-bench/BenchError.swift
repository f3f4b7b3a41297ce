/// A benchmark that cannot go on: bad flags, a setup that failed, a check that did not hold.
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong, in words.
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
