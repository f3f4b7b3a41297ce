import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Colours and emphasis for one output stream: only on a terminal, and never when `NO_COLOR` is set
/// (https://no-color.org) or `TERM` is `dumb`.
struct Style: Sendable {
    /// Whether escape codes are written.
    let enabled: Bool

    /// The style for a file descriptor, following the environment.
    init(fileDescriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        enabled = isatty(fileDescriptor) == 1 && !noColor && environment["TERM"] != "dumb"
    }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func red(_ text: String) -> String { wrap(text, "31") }
    func green(_ text: String) -> String { wrap(text, "32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }
    func cyan(_ text: String) -> String { wrap(text, "36") }

    /// A status word in its colour: green for succeeded, red for failed, yellow while in flight.
    func status(_ text: String) -> String {
        switch text {
        case "succeeded": green(text)
        case "failed": red(text)
        case "pending", "running": yellow(text)
        default: dim(text)
        }
    }
}
