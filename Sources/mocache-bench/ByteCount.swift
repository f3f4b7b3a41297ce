import ArgumentParser
import Foundation

/// A size given on the command line: `1GiB`, `256MiB`, `64KiB`, `4096`, also `1G`, `1GB` (binary units).
struct ByteCount: ExpressibleByArgument, CustomStringConvertible, Sendable {
    /// The number of bytes.
    let bytes: Int64

    init(bytes: Int64) {
        self.bytes = bytes
    }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        let digits = text.prefix { $0.isNumber || $0 == "." }
        guard let number = Double(digits), number >= 0 else { return nil }
        let unit = text.dropFirst(digits.count).lowercased()
        let multiplier: Double
        switch unit {
        case "", "b": multiplier = 1
        case "k", "kb", "kib": multiplier = 1_024
        case "m", "mb", "mib": multiplier = 1_048_576
        case "g", "gb", "gib": multiplier = 1_073_741_824
        default: return nil
        }
        bytes = Int64(number * multiplier)
    }

    var description: String {
        for (unit, size) in [("GiB", Int64(1 << 30)), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(unit)"
        }
        return "\(bytes)B"
    }
}
