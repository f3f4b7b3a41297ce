import ArgumentParser
import MOCache

/// `mocache rm`: removes entries by id or prefix.
struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove entries by id (t12, e34), model id or unique prefix. Asks nothing.",
        discussion: """
            Every reference is resolved before anything is removed: one that matches nothing or several \
            entries stops the command with nothing removed. Removing a training run does not remove the \
            evals of its model. Entries whose rows cannot be read can still be removed by id.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Show what would be removed, and remove nothing.")
    var dryRun = false

    @Argument(help: ArgumentHelp("The entries.", valueName: "id-or-prefix"))
    var references: [String]

    func validate() throws {
        if references.isEmpty { throw ValidationError("Give at least one entry to remove.") }
    }

    func run() async throws {
        try await global.run { context in
            let removed: [(id: EntryID, summary: String)] = try await context.withStore(dryRun ? .readOnly : .readWrite)
            {
                store in
                let targets: [(id: EntryID, summary: String)]
                do {
                    targets = try await EntryResolver.resolve(references, in: store).map { ($0.id, $0.summary) }
                } catch let error as MOCacheError where error.code == .notADatabase {
                    // A damaged row cannot be read, but it can be removed by its id.
                    let ids = references.compactMap(EntryID.init(reference:))
                    guard ids.count == references.count else { throw error }
                    context.logger.debug("rows unreadable; removing by id", metadata: ["error": "\(error.message)"])
                    targets = ids.map { ($0, "\($0.reference) (unreadable)") }
                }
                if dryRun { return targets }
                var done: [(id: EntryID, summary: String)] = []
                for target in targets where try await store.removeEntries([target.id]) > 0 {
                    done.append(target)
                }
                return done
            }
            Self.print(removed, dryRun: dryRun, context: context)
        }
    }

    /// Prints removed entries: `removed t12 …` lines, or `{"dry_run": …, "removed": [...]}`.
    static func print(_ entries: [(id: EntryID, summary: String)], dryRun: Bool, context: CommandContext) {
        switch context.format {
        case .json:
            context.console.writeJSON([
                "dry_run": .bool(dryRun),
                "removed": .array(
                    entries.map { ["id": .string($0.id.reference), "summary": .string($0.summary)] }),
            ])
        case .text:
            let verb = dryRun ? "would remove" : "removed"
            for entry in entries { context.console.write("\(verb) \(entry.summary)\n") }
            context.console.message(
                "\(dryRun ? "Would remove" : "Removed") \(TextShapes.count(entries.count, "entry", "entries")).")
        }
    }
}
