import ArgumentParser
import Foundation
import MOCache

/// `mocache vacuum`: compacts the database file.
struct VacuumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vacuum",
        abstract: "Rebuild the database file without free pages (worth it after removing many entries).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run { context in
            let path = context.options.databasePath
            let before = Self.size(path)
            try await context.withSQLiteStore(.readWrite) { try await $0.vacuum() }
            let after = Self.size(path)
            switch context.format {
            case .json:
                context.console.writeJSON([
                    "path": .string(path), "size_before": JSONShapes.integer(Int(before)),
                    "size_after": JSONShapes.integer(Int(after)),
                ])
            case .text:
                context.console.write("vacuumed \(path): \(HumanFormat.bytes(before)) -> \(HumanFormat.bytes(after))\n")
            }
        }
    }

    /// The bytes of the database and its write-ahead log.
    static func size(_ path: String) -> Int64 {
        [path, path + "-wal"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value
            return total + (size ?? 0)
        }
    }
}
