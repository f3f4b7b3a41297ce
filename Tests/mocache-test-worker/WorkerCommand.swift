import Foundation
import Logging
import MOCache

/// One command of the test worker: a name, what it expects, and what it does.
///
/// To add a command, write it in a file of its own as a static member of an extension, such as
/// `extension WorkerCommand { static let killMe = WorkerCommand(...) }`, and add it to ``all``.
///
/// Exit codes, which the tests check:
/// - 0: the command did what it says;
/// - 1: a ``MOCacheError`` was thrown: stderr's last line is `mocache-error: <code>` (such as
///   `mocache-error: read_only`), after the message;
/// - 2: any other error, printed to stderr;
/// - 64: unknown command or wrong arguments, with the usage on stderr.
struct WorkerCommand: Sendable {
    /// The first argument that selects the command, such as `open-store`.
    let name: String
    /// The arguments after the name, for the usage text, such as `PATH`.
    let usage: String
    /// Runs the command with the arguments after its name.
    let run: @Sendable (_ arguments: [String]) async throws -> Void

    /// Every command, by name.
    static let all: [WorkerCommand] = [
        .openStore,
        .inspectStore,
        .fillDisk,
        .train,
        .mixedLoad, .writeLoop, .openLimited, .fillThenFree,
    ]

    /// Finds the command named by the first argument and runs it; returns the exit code.
    static func main(_ arguments: [String]) async -> Int32 {
        guard let name = arguments.first, let command = all.first(where: { $0.name == name }) else {
            printError("usage: mocache-test-worker COMMAND [ARGUMENTS...]\ncommands:")
            for command in all { printError("  \(command.name) \(command.usage)") }
            return 64
        }
        do {
            try await command.run(Array(arguments.dropFirst()))
            return 0
        } catch let error as WorkerUsageError {
            printError("\(error.message)\nusage: mocache-test-worker \(command.name) \(command.usage)")
            return 64
        } catch let error as MOCacheError {
            printError("\(error.message)\nmocache-error: \(error.code.name)")
            return 1
        } catch {
            printError("error: \(error)")
            return 2
        }
    }

    /// The arguments, checked to be exactly `count`.
    static func expect(_ arguments: [String], count: Int) throws -> [String] {
        guard arguments.count == count else {
            throw WorkerUsageError(message: "expected \(count) arguments, got \(arguments.count)")
        }
        return arguments
    }

    /// A logger that writes to stderr at info level, so that tests can read what the store reports.
    static let logger: Logger = {
        var logger = Logger(label: "mocache.worker") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .info
        return logger
    }()
}

/// Wrong arguments to a worker command.
struct WorkerUsageError: Error {
    let message: String
}

/// Writes a line to stderr.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
