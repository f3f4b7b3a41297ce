import ArgumentParser
import MOCache

/// `mocache prune`: removes entries by age, use and status.
struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove failed, old or unused entries. Asks nothing; --dry-run shows what would go.",
        discussion: """
            Every criterion given must hold. Entries whose job is running right now are never removed. \
            At least one of --failed, --older-than and --unused-for is required; to remove specific \
            entries, use `mocache rm`.

            Example: mocache prune --failed --older-than 30d --dry-run
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Only failed and cancelled entries.")
    var failed = false

    @Option(help: ArgumentHelp("Only entries created longer ago than this: 30d, 12h, 2w.", valueName: "span"))
    var olderThan: SpanArgument?

    @Option(
        help: ArgumentHelp(
            "Only entries not served from the cache for this long (or never, since created).", valueName: "span"))
    var unusedFor: SpanArgument?

    @Option(help: "Only entries of this backend.")
    var backend: String?

    @Flag(help: "Show what would be removed, and remove nothing.")
    var dryRun = false

    func validate() throws {
        if !failed && olderThan == nil && unusedFor == nil {
            throw ValidationError("Say what to prune: --failed, --older-than SPAN or --unused-for SPAN.")
        }
    }

    func run() async throws {
        try await global.run { context in
            let criteria = PruneCriteria(
                failed: failed, olderThan: olderThan?.beforeNow, unusedSince: unusedFor?.beforeNow, backendID: backend)
            let removed: [(id: EntryID, summary: String)] = try await context.withStore(dryRun ? .readOnly : .readWrite)
            {
                store in
                let entries = try await criteria.select(in: store)
                if !dryRun { _ = try await store.removeEntries(entries.map(\.id)) }
                return entries.map { ($0.id, $0.summary) }
            }
            RemoveCommand.print(removed, dryRun: dryRun, context: context)
        }
    }
}
