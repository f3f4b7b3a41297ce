import Foundation
import MOCache

/// Numbers, times and sizes written for people, as the `mocache` text output shows them.
package enum HumanFormat {
    /// How long ago `date` was, from `now`: `just now`, `42s ago`, `5m ago`, `3h ago`, `2d ago`,
    /// `5w ago`, `8mo ago`, `2y ago`; a future time reads `in 3h`.
    package static func relative(_ date: Date, now: Date = Date()) -> String {
        let seconds = now.timeIntervalSince(date)
        let magnitude = abs(seconds)
        if magnitude < 1 { return "just now" }
        let text: String
        switch magnitude {
        case ..<60: text = "\(Int(magnitude))s"
        case ..<3_600: text = "\(Int(magnitude / 60))m"
        case ..<86_400: text = "\(Int(magnitude / 3_600))h"
        case ..<(14 * 86_400): text = "\(Int(magnitude / 86_400))d"
        case ..<(61 * 86_400): text = "\(Int(magnitude / 604_800))w"
        case ..<(365 * 86_400): text = "\(Int(magnitude / (30 * 86_400)))mo"
        default: text = "\(Int(magnitude / (365 * 86_400)))y"
        }
        return seconds >= 0 ? "\(text) ago" : "in \(text)"
    }

    /// A duration: `0.35s`, `4.2s`, `42s`, `3m 05s`, `2h 07m`, `3d 4h`.
    package static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        let seconds = max(0, seconds)
        switch seconds {
        case ..<1: return String(format: "%.2fs", seconds)
        case ..<10: return String(format: "%.1fs", seconds)
        case ..<60: return "\(Int(seconds))s"
        case ..<3_600:
            let whole = Int(seconds)
            return "\(whole / 60)m \(String(format: "%02d", whole % 60))s"
        case ..<86_400:
            let minutes = Int(seconds / 60)
            return "\(minutes / 60)h \(String(format: "%02d", minutes % 60))m"
        default:
            let hours = Int(seconds / 3_600)
            return "\(hours / 24)d \(hours % 24)h"
        }
    }

    /// A size in bytes: `812 B`, `4.0 KiB`, `1.5 MiB`, `2.3 GiB`.
    package static func bytes(_ count: Int64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard count >= 1024 else { return "\(count) B" }
        var value = Double(count) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: "%.1f", value) + " " + units[unit]
    }

    /// A metric value: up to 4 significant decimals, no trailing zeros: `0.9134`, `12`, `0.0001`.
    package static func metric(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value != 0, abs(value) < 0.0001 || abs(value) >= 1e9 { return String(format: "%.3g", value) }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
