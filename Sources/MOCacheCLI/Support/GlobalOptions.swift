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

    @Option(help: "Output format: text (tables for people) or json (stable shapes for scripts).")
    var format: OutputFormat = .text

    @Flag(name: .shortAndLong, help: "Print only data and errors: no messages or progress.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log what mocache does, at debug level, to standard error.")
    var verbose = false

    /// The database path this invocation uses, absolute. An empty `--db` counts as not given, as an
    /// empty `MOCACHE_DB` does.
    var databasePath: String {
        if let db, !db.isEmpty { return StoreOpener.absolutePath(db) }
        return StoreOpener.defaultPath()
    }

    /// Runs a command's body: sets up logging and the console, and turns errors into messages on
    /// standard error and the documented exit statuses.
    func run(_ body: (CommandContext) async throws -> Void) async throws {
        let level: Logger.Level = verbose ? .debug : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let console = Console(format: format, quiet: quiet)
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
