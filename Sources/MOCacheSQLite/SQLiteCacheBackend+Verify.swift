import Foundation
import GRDB
import MOCacheCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Verification

extension SQLiteCacheBackend {
    /// Checks the whole database, as `mocache verify` does: SQLite's `integrity_check` and
    /// `foreign_key_check`, the schema version, the JSON columns, every row read as the listings read it,
    /// and whether the files in the hash memo are still the ones that were hashed.
    ///
    /// It reads every page, so it takes time on a large database; it never writes, and works on a
    /// read-only store.
    public func verify() async throws -> VerificationReport {
        let path = path
        // Whether SQLite failed because the file is damaged.
        let isDamage: @Sendable (DatabaseError) -> Bool = { [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains($0.resultCode) }
        let report = try await read { db in
            var integrity: [String] = []
            do {
                let lines = try String.fetchCursor(db, sql: "PRAGMA integrity_check")
                while let line = try lines.next() {
                    if line != "ok" { integrity.append(line) }
                }
            } catch let error as DatabaseError where isDamage(error) {
                // integrity_check lists the damage it found, then SQLite may fail the statement on it.
                integrity.append(error.message ?? "database disk image is malformed")
            }
            var foreignKeys: [String] = []
            var invalidJSON: [VerificationReport.InvalidJSON] = []
            var memos: [FileHashMemo] = []
            var unreadable: [UnreadableRow] = []
            do {
                foreignKeys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
                    row.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
                }
                invalidJSON = try SQLiteQuery.rows(
                    db, cached: false,
                    sql: """
                        SELECT 'training_runs', id, 'config_json' FROM training_runs WHERE NOT json_valid(config_json)
                        UNION ALL
                        SELECT 'training_runs', id, 'metadata_json' FROM training_runs
                        WHERE metadata_json IS NOT NULL AND NOT json_valid(metadata_json)
                        UNION ALL
                        SELECT 'eval_results', id, 'params_json' FROM eval_results WHERE NOT json_valid(params_json)
                        UNION ALL
                        SELECT 'eval_results', id, 'metrics_json' FROM eval_results
                        WHERE metrics_json IS NOT NULL
                            AND NOT (json_valid(metrics_json) AND json_type(metrics_json) = 'object')
                        ORDER BY 1, 2, 3
                        """,
                    arguments: []
                ) { row in
                    VerificationReport.InvalidJSON(
                        table: try SQLiteRows.string(row, 0, "table"), rowID: try SQLiteRows.integer(row, 1, "id"),
                        column: try SQLiteRows.string(row, 2, "column"))
                }
                memos = try Self.fetchMemos(db)
                // Every row read as the listings read it: what a command cannot read, verify reports.
                unreadable =
                    try Self.readableRows(
                        db, sql: "SELECT \(SQLiteRows.trainingColumns) FROM training_runs ORDER BY id", arguments: [],
                        table: "training_runs", { _ = try SQLiteRows.trainingRun($0) }
                    ).skipped
                    + Self.readableRows(
                        db, sql: "SELECT \(SQLiteRows.evalColumns) FROM eval_results ORDER BY id", arguments: [],
                        table: "eval_results", { _ = try SQLiteRows.evalResult($0) }
                    ).skipped
            } catch let error as DatabaseError where !integrity.isEmpty && isDamage(error) {
                // These checks read every row, and SQLite refuses to read the damaged pages integrity_check
                // reported: the report says what it found rather than fail on it.
            }
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            // The kept counts came with migration 3.
            var countProblems: [String] = []
            do {
                countProblems = version >= 3 ? try Self.countProblems(db) : []
            } catch let error as DatabaseError where !integrity.isEmpty && isDamage(error) {
                // As above: damaged pages cannot be counted; integrity_check has reported them.
            }
            return (
                version: version, integrity: integrity, foreignKeys: foreignKeys, invalidJSON: invalidJSON,
                counts: countProblems, memos: memos, unreadable: unreadable
            )
        }
        var changed: [String] = []
        var missing: [String] = []
        for memo in report.memos {
            switch Self.fileState(memo.file) {
            case .unchanged: break
            case .changed: changed.append(memo.file.path)
            case .missing: missing.append(memo.file.path)
            }
        }
        return VerificationReport(
            path: path, schemaVersion: report.version, supportedSchemaVersion: Self.supportedSchemaVersion,
            integrityProblems: report.integrity, foreignKeyProblems: report.foreignKeys,
            invalidJSON: report.invalidJSON, countProblems: report.counts, changedFiles: changed, missingFiles: missing,
            unreadableRows: report.unreadable.sorted { ($0.table, $0.rowID) < ($1.table, $1.rowID) })
    }

    /// Where `entry_counts` disagrees with counting the entries.
    private static func countProblems(_ db: Database) throws -> [String] {
        try SQLiteQuery.rows(
            db, cached: false,
            sql: """
                SELECT kind, backend, status, sum(kept), sum(counted)
                FROM (
                    SELECT kind, backend, status, entries AS kept, 0 AS counted FROM entry_counts
                    UNION ALL
                    SELECT 'training', backend, status, 0, count(*) FROM training_runs GROUP BY backend, status
                    UNION ALL
                    SELECT 'eval', backend, status, 0, count(*) FROM eval_results GROUP BY backend, status
                )
                GROUP BY kind, backend, status
                HAVING sum(kept) <> sum(counted)
                ORDER BY 1, 2, 3
                """,
            arguments: []
        ) { row in
            "\(row.optionalString(0) ?? "?") \(row.optionalString(1) ?? "?") \(row.optionalString(2) ?? "?"): "
                + "kept \(row.optionalInteger(3) ?? 0), counted \(row.optionalInteger(4) ?? 0)"
        }
    }

    private enum FileState {
        case unchanged, changed, missing
    }

    /// Whether a memoized file still has the identity it was hashed with.
    private static func fileState(_ file: FileIdentity) -> FileState {
        var info = stat()
        guard stat(file.path, &info) == 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .missing : .changed
        }
        #if canImport(Darwin)
            let modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
            let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        let same =
            UInt64(info.st_dev) == file.device && UInt64(info.st_ino) == file.inode
            && Int64(info.st_size) == file.size && modified == file.modificationTimeNanoseconds
        return same ? .unchanged : .changed
    }
}
