import Foundation
import MOCache
import Synchronization

/// A progress bar on standard error for long work (hashing, import, export), drawn only on a terminal
/// and never with `--quiet`. Updates are throttled to ten a second; ``finish()`` erases the line.
///
/// Updates may come from any thread (the dataset hasher reports from its reading thread).
final class ProgressBar: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var drawn = false
    }

    private let label: String
    private let enabled: Bool
    private let bytes: Bool
    private let state = Mutex(State())

    /// Makes a bar; `bytes` shows the counts as sizes.
    init(_ label: String, console: Console, bytes: Bool = false) {
        self.label = label
        self.enabled = console.showsProgress
        self.bytes = bytes
    }

    /// Shows `done` of `total`.
    func update(done: Int64, total: Int64) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let shouldDraw = state.withLock { state in
            if let last = state.lastDraw, now - last < .milliseconds(100), done < total { return false }
            state.lastDraw = now
            state.drawn = true
            return true
        }
        guard shouldDraw else { return }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let counts =
            bytes ? "\(HumanFormat.bytes(done)) / \(HumanFormat.bytes(total))" : "\(done) / \(total)"
        let line = "\r\u{1B}[2K\(label) [\(bar)] \(Int(fraction * 100))% \(counts)"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Erases the bar.
    func finish() {
        guard enabled, state.withLock({ $0.drawn }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
