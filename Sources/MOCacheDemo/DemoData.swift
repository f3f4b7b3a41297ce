import Foundation
import MOCacheCore

/// The demo's data: a binary classification problem made from a fixed seed.
///
/// Examples are JSON objects `{"x": [...], "y": 0 or 1}`; labels come from a hidden linear rule with
/// noise. The training set is written as a JSONL file, so the demo hashes and reads a real dataset file;
/// the eval sets are made in memory: `heldout` from the same distribution, `shifted` with a drifted
/// labelling rule (the world moved on after training), to show a gap between the two tasks.
enum DemoData {
    static let featureCount = 24
    static let trainingSize = 6_000
    static let evalSize = 2_000

    /// One labelled example.
    struct Example: Codable, Sendable {
        let x: [Double]
        let y: Int
    }

    private static let hiddenWeights = randomWeights(seed: 7)
    private static let driftWeights = randomWeights(seed: 8)

    private static func randomWeights(seed: UInt64) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<featureCount).map { _ in random.nextGaussian() }
    }

    /// `count` examples from the generator with `seed`; `drift` (0 to 1) moves the labelling rule
    /// away from the one the training set follows.
    static func examples(count: Int, seed: UInt64, drift: Double = 0) -> [Example] {
        var random = SplitMix64(seed: seed)
        let weights = zip(hiddenWeights, driftWeights).map { $0 * (1 - drift) + $1 * drift }
        return (0..<count).map { _ in
            let x = (0..<featureCount).map { _ in random.nextGaussian() }
            let margin = zip(x, weights).reduce(0) { $0 + $1.0 * $1.1 } + random.nextGaussian() * 1.5
            return Example(x: x, y: margin > 0 ? 1 : 0)
        }
    }

    /// Writes the training set as JSONL at `path` unless a file is already there; returns the path.
    static func writeTrainingSet(at path: String) throws -> String {
        if FileManager.default.fileExists(atPath: path) { return path }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var data = Data()
        for example in examples(count: trainingSize, seed: 42) {
            data.append(try encoder.encode(example))
            data.append(UInt8(ascii: "\n"))
        }
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }

    /// Reads a JSONL training set.
    static func readExamples(at path: String) throws -> [Example] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").map { try decoder.decode(Example.self, from: Data($0.utf8)) }
    }
}
