import ArgumentParser
import MOCache

/// `mocache stats`: what the store holds and what it saved.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show entries per kind, backend and status, the database size and schema, and the time saved.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await global.run { context in
            let (statistics, path) = try await context.withStore(.readOnly) { store in
                (try await store.statistics(), StoreOpener.describe(context.options.databasePath))
            }
            switch context.format {
            case .json: context.console.writeJSON(Self.json(statistics, path: path))
            case .text: context.console.write(Self.text(statistics, path: path, style: context.console.out))
            }
        }
    }

    static func json(_ statistics: CacheStatistics, path: String) -> JSONValue {
        func total(_ kind: String) -> Int {
            statistics.entries.filter { $0.kind == kind }.reduce(0) { $0 + $1.count }
        }
        return [
            "database": [
                "path": .string(path), "size_bytes": JSONShapes.integer(statistics.sizeBytes.map { Int($0) }),
                "schema_version": JSONShapes.integer(statistics.schemaVersion),
            ],
            "entries": .array(
                statistics.entries.map {
                    [
                        "kind": .string($0.kind), "backend": .string($0.backendID),
                        "status": .string($0.status.rawValue),
                        "count": JSONShapes.integer($0.count),
                    ]
                }),
            "totals": [
                "training_runs": JSONShapes.integer(total("training")),
                "eval_results": JSONShapes.integer(total("eval")),
            ],
            "hits": [
                "total": JSONShapes.integer(statistics.totalHits),
                "saved_seconds": JSONShapes.seconds(statistics.totalSavedSeconds),
                "by_backend": .array(
                    statistics.savings.map {
                        [
                            "backend": .string($0.backendID), "hits": JSONShapes.integer($0.hits),
                            "saved_seconds": JSONShapes.seconds($0.savedSeconds),
                        ]
                    }),
            ],
            "dataset_uploads": JSONShapes.integer(statistics.datasetUploads),
            "memoized_files": JSONShapes.integer(statistics.memoizedFiles),
        ]
    }

    static func text(_ statistics: CacheStatistics, path: String, style: Style) -> String {
        var text = "\(style.bold("database")) \(path)"
        let size = statistics.sizeBytes.map { HumanFormat.bytes($0) + ", " } ?? ""
        text += " (\(size)schema version \(statistics.schemaVersion))\n\n"
        if statistics.entries.isEmpty {
            text += "No entries yet.\n"
        } else {
            var table = TextTable([
                .init("KIND"), .init("BACKEND"), .init("SUCCEEDED", rightAligned: true),
                .init("FAILED", rightAligned: true), .init("CANCELLED", rightAligned: true),
                .init("IN FLIGHT", rightAligned: true), .init("TOTAL", rightAligned: true),
            ])
            let groups = Dictionary(grouping: statistics.entries) { "\($0.kind)\u{0}\($0.backendID)" }
            for name in groups.keys.sorted(by: {
                ($0.hasPrefix("eval") ? 1 : 0, $0) < ($1.hasPrefix("eval") ? 1 : 0, $1)
            }) {
                let counts = groups[name] ?? []
                func count(_ statuses: EntryStatus...) -> String {
                    "\(counts.filter { statuses.contains($0.status) }.reduce(0) { $0 + $1.count })"
                }
                table.append([
                    TextTable.Cell(counts.first?.kind ?? ""), TextTable.Cell(counts.first?.backendID ?? ""),
                    TextTable.Cell(count(.succeeded)), TextTable.Cell(count(.failed)),
                    TextTable.Cell(count(.cancelled)),
                    TextTable.Cell(count(.pending, .running)), TextTable.Cell("\(counts.reduce(0) { $0 + $1.count })"),
                ])
            }
            text += table.render(style: style)
        }
        text += "\n"
        var savings = TextTable([
            .init("BACKEND"), .init("HITS", rightAligned: true), .init("SAVED", rightAligned: true),
        ])
        for line in statistics.savings {
            savings.append([
                TextTable.Cell(line.backendID), TextTable.Cell("\(line.hits)"),
                TextTable.Cell(HumanFormat.duration(line.savedSeconds)),
            ])
        }
        savings.append([
            TextTable.Cell("total", styled: style.bold), TextTable.Cell("\(statistics.totalHits)", styled: style.bold),
            TextTable.Cell(HumanFormat.duration(statistics.totalSavedSeconds), styled: style.bold),
        ])
        text += savings.render(style: style)
        text += "\ndataset uploads: \(statistics.datasetUploads), memoized files: \(statistics.memoizedFiles)\n"
        return text
    }
}
