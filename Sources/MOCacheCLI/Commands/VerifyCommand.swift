import ArgumentParser
import MOCache

/// `mocache verify`: an integrity check of the database.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the database: integrity, foreign keys, schema version, JSON columns, hash memo files.",
        discussion: """
            Exits 0 only when everything is fine. --fix repairs only what is safe: it brings an older schema \
            up to date and drops hash memo entries whose file changed or vanished (those files are simply \
            hashed again when next used). Damaged pages or rows are reported, never touched: restore from \
            a copy, or remove the rows named with `mocache rm`.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Repair what is safe to repair (see above).")
    var fix = false

    func run() async throws {
        try await global.run { context in
            let (report, dropped) = try await context.withSQLiteStore(fix ? .readWrite : .readOnly) { store in
                let before = try await store.verify()
                guard fix, !(before.changedFiles.isEmpty && before.missingFiles.isEmpty) else { return (before, 0) }
                let dropped = try await store.removeFileHashMemos(paths: before.changedFiles + before.missingFiles)
                return (try await store.verify(), dropped)
            }
            switch context.format {
            case .json: context.console.writeJSON(Self.json(report, dropped: dropped))
            case .text: context.console.write(Self.text(report, dropped: dropped, style: context.console.out))
            }
            if !Self.isFine(report) { throw CommandFailure() }
        }
    }

    static func isFine(_ report: VerificationReport) -> Bool {
        report.isHealthy && report.changedFiles.isEmpty && report.missingFiles.isEmpty
    }

    static func json(_ report: VerificationReport, dropped: Int) -> JSONValue {
        [
            "path": .string(report.path),
            "ok": .bool(isFine(report)),
            "schema_version": JSONShapes.integer(report.schemaVersion),
            "supported_schema_version": JSONShapes.integer(report.supportedSchemaVersion),
            "integrity_problems": .array(report.integrityProblems.map(JSONValue.string)),
            "foreign_key_problems": .array(report.foreignKeyProblems.map(JSONValue.string)),
            "invalid_json": .array(
                report.invalidJSON.map {
                    [
                        "table": .string($0.table), "row_id": JSONShapes.integer(Int($0.rowID)),
                        "column": .string($0.column),
                    ]
                }),
            "unreadable_rows": .array(
                report.unreadableRows.map {
                    [
                        "entry": .string($0.entryID.reference), "table": .string($0.table),
                        "row_id": JSONShapes.integer(Int($0.rowID)), "column": .string($0.column),
                        "detail": .string($0.detail),
                    ]
                }),
            "count_problems": .array(report.countProblems.map(JSONValue.string)),
            "changed_files": .array(report.changedFiles.map(JSONValue.string)),
            "missing_files": .array(report.missingFiles.map(JSONValue.string)),
            "fixed": ["memo_entries_dropped": JSONShapes.integer(dropped)],
        ]
    }

    static func text(_ report: VerificationReport, dropped: Int, style: Style) -> String {
        var lines: [(String, String)] = [("database", report.path)]
        let ok = style.green("ok")
        lines.append(
            (
                "schema",
                "version \(report.schemaVersion)"
                    + (report.schemaVersion == report.supportedSchemaVersion
                        ? " \(ok)"
                        : " " + style.red("(this mocache writes \(report.supportedSchemaVersion); --fix upgrades it)"))
            ))
        func problems(_ name: String, _ list: [String]) {
            lines.append(
                (name, list.isEmpty ? ok : style.red("\(list.count) problems") + "\n" + list.joined(separator: "\n")))
        }
        problems("integrity", report.integrityProblems)
        problems("foreign keys", report.foreignKeyProblems)
        problems(
            "JSON columns",
            report.invalidJSON.map { "\($0.table) row \($0.rowID): \($0.column) is not valid" })
        problems(
            "rows",
            report.unreadableRows.map {
                TerminalText.escaped("\($0.entryID.reference) (\($0.table) row \($0.rowID)): \($0.column) \($0.detail)")
            })
        problems("entry counts", report.countProblems)
        let stale = report.changedFiles.map { "changed \($0)" } + report.missingFiles.map { "missing \($0)" }
        var memo =
            stale.isEmpty
            ? ok
            : style.yellow("\(TextShapes.count(stale.count, "stale entry", "stale entries")) (--fix drops them)") + "\n"
                + stale.joined(separator: "\n")
        if dropped > 0 { memo += " (dropped \(dropped))" }
        lines.append(("hash memo", memo))
        return ShowCommand.aligned(lines) + "\n"
            + (isFine(report) ? style.green("Everything is fine.") : style.red("Problems found.")) + "\n"
    }
}
