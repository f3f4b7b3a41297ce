import Foundation

/// Runs `PRAGMA integrity_check` with the `sqlite3` shell, read-only (it never checkpoints the
/// write-ahead log, so the next process finds the file as the last one left it), and returns what it
/// printed: `ok` for a sound database.
func sqliteIntegrityCheck(_ path: String) async throws -> String {
    let result = try await runProcess(
        executable: "/usr/bin/sqlite3", arguments: ["-readonly", path, "PRAGMA integrity_check"], timeout: 120)
    guard result.exitCode == 0 else { return "sqlite3 failed: \(result)" }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}
