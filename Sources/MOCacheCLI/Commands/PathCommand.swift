import ArgumentParser
import Foundation
import MOCache

/// `mocache path`: the database path mocache would use.
struct PathCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Print the database path mocache would use (--db, else MOCACHE_DB, else .mocache/cache.sqlite).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run { context in
            let path = StoreOpener.describe(context.options.databasePath)
            switch context.format {
            case .text: context.console.write(path + "\n")
            case .json:
                context.console.writeJSON([
                    "path": .string(path), "exists": .bool(FileManager.default.fileExists(atPath: path)),
                ])
            }
        }
    }
}
