import Foundation
import Logging
import MOCache

/// The lines a ``Logger`` wrote, kept in memory so that a test can read what a wrapper said.
final class RecordedLog: Sendable {
    private let lines = Locked<[String]>([])

    /// A logger at debug level that writes here: `LEVEL message key=value ...` per line.
    var logger: Logger {
        var logger = Logger(label: "test") { _ in Handler(log: self) }
        logger.logLevel = .debug
        return logger
    }

    /// Every line so far.
    var all: [String] { lines.value }

    fileprivate func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let log: RecordedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let values = metadata.merging(event.metadata ?? [:]) { $1 }
                .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            log.append(([event.level.rawValue, "\(event.message)"] + values).joined(separator: " "))
        }
    }
}
