import ArgumentParser
import Foundation
import Logging
import MOCache
import MOCacheOpenAI

/// The options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store: a SQLite file, or a PostgreSQL server as postgresql://USER@HOST:PORT/DB (the password "
                + "from PGPASSWORD or ~/.pgpass). Default: $MOCACHE_DB, else .mocache/cache.sqlite in the current "
                + "folder.",
            valueName: "path-or-url"))
    var db: String?

    @Option(
        help: ArgumentHelp(
            "Output format: text (tables for people), json (stable shapes for scripts), or csv (rows, where a "
                + "command has them)."))
    var format: DataFormat = .text

    @Flag(name: .shortAndLong, help: "Print only data and errors: no messages or progress.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log what mocache does, at debug level, to standard error.")
    var verbose = false

    @Option(
        name: .customLong("busy-timeout"),
        help: ArgumentHelp(
            """
            How long to wait for another process that holds a SQLite database locked before a write gives up \
            (default 10). A finished job's result is never given up: its write is retried until it is stored.
            """, valueName: "seconds"))
    var busyTimeout: Double?

    /// How long a SQLite store waits for another process's lock when `--busy-timeout` is not given.
    static let defaultBusyTimeout: TimeInterval = 10

    /// The busy timeout this invocation uses, in seconds.
    var busyTimeoutSeconds: TimeInterval { busyTimeout ?? Self.defaultBusyTimeout }

    func validate() throws {
        if let busyTimeout, !(busyTimeout.isFinite && busyTimeout >= 0 && busyTimeout <= 86_400) {
            throw ValidationError("--busy-timeout must be a number of seconds from 0 to 86400.")
        }
    }

    /// The database path this invocation uses, absolute. An empty `--db` counts as not given, as an
    /// empty `MOCACHE_DB` does.
    var databasePath: String {
        if let db, !db.isEmpty { return StoreOpener.absolutePath(db) }
        return StoreOpener.defaultPath()
    }

    /// Runs a command's body: sets up logging and the console, and turns errors into messages on
    /// standard error and the documented exit statuses.
    ///
    /// - Parameter formats: The formats the command writes; another `--format` is a usage error.
    func run(formats: [DataFormat] = [.text, .json], _ body: (CommandContext) async throws -> Void) async throws {
        guard formats.contains(format) else {
            // A usage error (exit 64), said in the format the console can write.
            Console(format: .text, quiet: quiet).error(
                code: "invalid_input",
                message: "--format \(format.rawValue) is not available for this command; use "
                    + formats.map(\.rawValue).joined(separator: " or ") + ".",
                path: nil)
            throw ExitCode.validationFailure
        }
        let level: Logger.Level = verbose ? .debug : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let console = Console(format: format.console, quiet: quiet)
        let context = CommandContext(options: self, console: console, logger: Logger(label: "mocache"))
        do {
            try await body(context)
        } catch let failure as DatabaseOpeningError {
            console.error(failure.error, situation: .openingDatabase)
            throw ExitStatus.code(for: failure.error)
        } catch let error as MOCacheError {
            console.error(error)
            throw ExitStatus.code(for: error)
        } catch is CommandFailure {
            throw ExitCode.failure
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch let error as OpenAIError {
            console.error(code: error.code.name, message: error.message, path: nil)
            throw ExitCode.failure
        } catch let error as CocoaError {
            console.error(code: "io_error", message: Self.describe(error), path: error.filePath)
            throw ExitCode.failure
        } catch {
            console.error(code: "failure", message: "\(error)", path: nil)
            throw ExitCode.failure
        }
    }

    private static func describe(_ error: CocoaError) -> String {
        let path = error.filePath ?? "a file"
        switch error.code {
        case .fileReadNoSuchFile, .fileNoSuchFile: return "\(path) does not exist."
        case .fileReadNoPermission, .fileWriteNoPermission: return "Permission denied for \(path)."
        default: return "\(path): \(error.localizedDescription)"
        }
    }
}
