import ArgumentParser
import Foundation
import MOCache

/// `mocache hash`: dataset hashes, printed like `sha256sum`.
struct HashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print the dataset hash of each file as HASH  PATH (like sha256sum), using the hash memo.",
        discussion: """
            An unchanged file (same path, device, inode, size and modification time) is served from the \
            database's hash memo without being read; other files are read and their hashes remembered. \
            Without a database, or with --no-memo, files are read and nothing is written: this command \
            never creates a database. On a read-only database the memo is used but not filled.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Read every file; neither use nor fill the hash memo.")
    var noMemo = false

    @Argument(help: ArgumentHelp("The files.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one file.") }
    }

    func run() async throws {
        try await global.run { context in
            let store = try await openMemo(context)
            var hashed: [(path: String, hash: String)] = []
            var failed = false
            for file in files {
                do {
                    hashed.append((file, try await hash(file, store: store, context: context)))
                    if context.format == .text { context.console.write("\(hashed[hashed.count - 1].hash)  \(file)\n") }
                } catch let error as MOCacheError {
                    context.console.error(error)
                    failed = true
                }
            }
            try await store?.close()
            if context.format == .json {
                context.console.writeJSON(
                    .array(hashed.map { ["path": .string($0.path), "sha256": .string($0.hash)] }))
            }
            if failed { throw CommandFailure() }
        }
    }

    /// The store that keeps the memo: read-write when the database can be written, read-only when it
    /// cannot, none when it does not exist or `--no-memo`.
    private func openMemo(_ context: CommandContext) async throws -> SQLiteCacheBackend? {
        let path = context.options.databasePath
        guard !noMemo, FileManager.default.fileExists(atPath: path) else {
            context.logger.debug("hashing without a memo", metadata: ["database": "\(path)"])
            return nil
        }
        do {
            return try await StoreOpener.open(path: path, access: .readWrite, logger: context.logger)
        } catch let failure as DatabaseOpeningError
            where failure.error.code == .readOnly || failure.error.code == .permissionDenied
        {
            context.logger.debug("the database is read-only: using the memo without filling it")
            return try await StoreOpener.open(path: path, access: .readOnly, logger: context.logger)
        }
    }

    private func hash(_ file: String, store: SQLiteCacheBackend?, context: CommandContext) async throws -> String {
        let progress = ProgressBar(file, console: context.console, bytes: true)
        defer { progress.finish() }
        let report: @Sendable (Int64, Int64) -> Void = { progress.update(done: $0, total: $1) }
        guard let store else { return try await DatasetHasher.hash(fileAt: file, progress: report) }
        return try await DatasetHasher.hash(
            .file(path: file), memo: store, updatingMemo: store.access == .readWrite, progress: report)
    }
}
