import Foundation
import MOCache

/// A dataset file of pseudo-random bytes for the hashing scenarios, dated an hour back so that the hash
/// memo accepts it (it refuses files modified in the last two seconds).
enum DatasetFile {
    /// Writes `size` seeded pseudo-random bytes to `path`, in 4 MiB chunks, and sets its modification
    /// time an hour into the past.
    static func make(path: String, size: Int64, seed: UInt64 = 7) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw BenchError("cannot create \(path)")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let chunkWords = (4 << 20) / 8
        var generator = SplitMix64(seed: seed)
        var words = [UInt64](repeating: 0, count: chunkWords)
        var written: Int64 = 0
        while written < size {
            for index in 0..<chunkWords { words[index] = generator.next() }
            let count = Int(min(Int64(chunkWords * 8), size - written))
            try words.withUnsafeBytes { bytes in
                try handle.write(contentsOf: Data(bytes.prefix(count)))
            }
            written += Int64(count)
        }
        try handle.synchronize()
        try handle.close()
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: path)
        Progress.say("wrote \(ByteCount(bytes: size)) to \(path)")
    }
}
