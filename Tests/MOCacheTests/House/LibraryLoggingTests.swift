import Foundation
import Testing

/// swift-log's guidance for libraries (`Docs.docc/BestPractices/003-AcceptingLoggers.md`): accept a logger
/// or read the task-local `Logger.current`, never make one. Only the command line, an application, makes
/// its own.
@Suite("Libraries take their logger from the caller")
struct LibraryLoggingTests {
    /// The targets that may make a logger: the command line's logic is the application.
    static let applications: Set<String> = ["MOCacheCLI"]

    @Test("no library target makes a logger or bootstraps the logging system")
    func librariesMakeNoLoggers() throws {
        let libraries = try PackageSources.targets().filter { $0.kind == "target" }.map(\.name)
            .filter { !Self.applications.contains($0) }
        #expect(libraries.contains("MOCacheCore") && libraries.contains("MOCacheSQLite"))
        var offenders: [String] = []
        for target in libraries {
            for file in try PackageSources.swiftFiles(ofTarget: target) {
                let lines = try PackageSources.text(file).split(separator: "\n", omittingEmptySubsequences: false)
                for (number, line) in lines.enumerated() {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    guard !code.hasPrefix("//") else { continue }
                    if code.contains("Logger(label") || code.contains("LoggingSystem.bootstrap") {
                        offenders.append("\(file):\(number + 1): \(code)")
                    }
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }
}
