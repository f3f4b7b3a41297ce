import ArgumentParser
import Foundation
import MOCache

/// `mocache copy`: every succeeded entry and dataset upload of one store into another, SQLite or
/// PostgreSQL on either side.
struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every succeeded entry and dataset upload from one store into another (SQLite or PostgreSQL).",
        discussion: """
            Each side is a SQLite file or a postgresql:// URL. What is copied is what `mocache export` \
            writes: succeeded training runs and eval results, and dataset uploads; failed and unfinished \
            entries, hit counts and the file-hash memo (paths of one machine) stay where they are. The \
            destination is merged into by the rules of `mocache import`, in one transaction: what it already has is kept, a \
            different result under the same key is a conflict (reported, exit 1) unless --overwrite. Copying \
            again is harmless.

            Example: mocache copy --from .mocache/cache.sqlite --to postgresql://ml@db.example.org/mocache
            """)

    @OptionGroup var global: GlobalOptions

    @Option(
        help: ArgumentHelp("The store to copy from: a SQLite file or a postgresql:// URL.", valueName: "path-or-url"))
    var from: String

    @Option(help: ArgumentHelp("The store to copy into (created when missing).", valueName: "path-or-url"))
    var to: String

    @Flag(help: "Replace results in the destination that differ from the source's.")
    var overwrite = false

    func validate() throws {
        if global.db != nil { throw ValidationError("copy takes --from and --to; leave out --db.") }
        if from.isEmpty || to.isEmpty { throw ValidationError("Give both --from and --to.") }
    }

    func run() async throws {
        try await global.run { context in
            let source = StoreOpener.absolutePath(from)
            let destination = StoreOpener.absolutePath(to)
            guard source != destination else {
                throw MOCacheError(
                    .invalidInput,
                    "--from and --to name the same store (\(StoreOpener.describe(source))); name two stores.")
            }
            try StoreOpener.requireDatabase(at: source)
            let records = try await Self.withStore(source, access: .readOnly, create: false, context: context) {
                try await CacheExport.records(from: $0, filter: CacheExport.Filter())
            }
            let progress = ProgressBar("copy", console: context.console)
            let report = try await Self.withStore(destination, access: .readWrite, create: true, context: context) {
                try await CacheImport.apply(records, to: $0, overwrite: overwrite) { done, total in
                    progress.update(done: Int64(done), total: Int64(total))
                }
            }
            progress.finish()
            switch context.format {
            case .json:
                guard case .object(var object) = ImportCommand.json(report) else { return }
                object["from"] = .string(StoreOpener.describe(source))
                object["to"] = .string(StoreOpener.describe(destination))
                context.console.writeJSON(.object(object))
            case .text:
                context.console.message(
                    "Copied from \(StoreOpener.describe(source)) to \(StoreOpener.describe(destination)):")
                context.console.write(ImportCommand.text(report, style: context.console.out))
            }
            if report.unresolvedConflicts > 0 { throw CommandFailure() }
        }
    }

    /// Opens the store at `location`, runs `body` with it and closes it, also when `body` throws.
    private static func withStore<Result>(
        _ location: String, access: SQLiteCacheBackend.Access, create: Bool, context: CommandContext,
        _ body: (any CacheBackend) async throws -> Result
    ) async throws -> Result {
        let opened = try await StoreOpener.open(location, access: access, create: create, logger: context.logger)
        let result: Result
        do {
            result = try await body(opened.store)
        } catch {
            do {
                try await opened.close()
            } catch let closing {
                // The command's own error is the one to report; this one is logged, not lost.
                context.logger.warning(
                    "could not close the store after an error", metadata: ["error": "\(closing)"])
            }
            throw error
        }
        try await opened.close()
        return result
    }
}
