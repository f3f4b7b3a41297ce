import ArgumentParser
import Foundation
import MOCache

/// `mocache rm`: removes entries by id or prefix.
struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove entries by id (t12, e34), model id or unique prefix. Asks nothing.",
        discussion: """
            Every reference is resolved before anything is removed: one that matches nothing or several \
            entries stops the command with nothing removed. Removing a training run does not remove the \
            evals of its model. Entries whose rows cannot be read can still be removed by id. An entry             whose job is running right now (pending or running under a live lease) is removed only with             --force.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Show what would be removed, and remove nothing.")
    var dryRun = false

    @Flag(
        help: """
            Remove entries whose job is running right now too. The job goes on and stores its result again             when it ends; a worker asking for the key meanwhile finds no entry and pays for the job once more.
            """)
    var force = false

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
                    let entries = try await EntryResolver.resolve(references, in: store)
                    let now = Date()
                    let inFlight = entries.filter { $0.isInFlight(at: now) }
                    if !force, !inFlight.isEmpty {
                        throw Self.runningEntries(inFlight)
                    }
                    targets = entries.map { ($0.id, $0.summary) }
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

    /// The error for entries whose job a worker is doing right now.
    static func runningEntries(_ entries: [StoredEntry]) -> MOCacheError {
        let lines = entries.map { entry in
            let owner =
                entry.lease.map { " (lease of \($0.owner) until \(ISO8601Timestamp.format($0.expiresAt)))" } ?? ""
            return "  \(entry.summary)\(owner)"
        }
        return MOCacheError(
            .conflict,
            """
            Nothing was removed: a worker is running the job of \(TextShapes.count(entries.count, "entry", "entries")) \
            right now:
            \(lines.joined(separator: "\n"))
            Wait for the job to end, or pass --force to remove it anyway: the job goes on and stores its result \
            again when it ends, but a worker asking for the key meanwhile finds no entry and pays for the job \
            once more.
            """)
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
