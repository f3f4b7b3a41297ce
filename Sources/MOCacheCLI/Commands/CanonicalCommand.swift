import ArgumentParser
import Foundation
import MOCache

/// `mocache canonical`: the RFC 8785 form of a JSON document, or its config hash.
struct CanonicalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canonical",
        abstract: "Print the RFC 8785 canonical form of a JSON document (or with --hash its config hash).",
        discussion: """
            The canonical form is what mocache hashes into keys: members sorted, numbers in their shortest \
            form, no whitespace. Any language can reproduce a key with it: the config hash is the SHA-256 \
            of the canonical text, as `mocache canonical FILE | tr -d '\\n' | sha256sum` shows. A document \
            may hold at most 64 MiB.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the config hash (lowercase hex SHA-256 of the canonical form) instead.")
    var hash = false

    @Argument(help: ArgumentHelp("The JSON file, or - for standard input.", valueName: "file"))
    var file: String

    func run() async throws {
        try await global.run { context in
            let data = try Self.read(file)
            let value: JSONValue
            do {
                value = try JSONValue(parsing: data)
            } catch let error as MOCacheError {
                throw MOCacheError(error.code, "\(file == "-" ? "standard input" : file): \(error.message)", path: file)
            }
            let canonical = try value.canonicalJSON()
            switch context.format {
            case .text: context.console.write((hash ? try value.configHash() : canonical) + "\n")
            case .json:
                context.console.writeJSON(["canonical": .string(canonical), "sha256": .string(try value.configHash())])
            }
        }
    }

    /// The bytes of a file, or of standard input for `-`: at most ``BoundedInput/documentLimit``.
    static func read(_ file: String) throws -> Data {
        try BoundedInput.document(file)
    }
}
