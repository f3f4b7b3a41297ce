import Foundation
import MOCache
import Testing

/// A ``CLIWorkspace`` with a gated training command, for tests where several `mocache` processes meet on
/// one key: the command appends a line to `train-calls.txt`, touches `started`, waits until the file
/// `release` exists (or, with `GATE_MODEL`, prints that model id) and prints `{"model_id": "$GATE_MODEL"}`.
struct PromiseWorkspace: Sendable {
    let cli: CLIWorkspace

    /// The gated training command.
    var gateScript: String { cli.folder.path("gate.sh") }
    /// The file the command touches once it runs.
    var started: String { cli.folder.path("started") }
    /// The file that lets the command finish.
    var release: String { cli.folder.path("release") }

    init() throws {
        cli = try CLIWorkspace()
        try cli.write(
            "gate.sh",
            """
            cat > /dev/null
            echo call >> '\(cli.folder.path("train-calls.txt"))'
            touch '\(cli.folder.path("started"))'
            while [ ! -f '\(cli.folder.path("release"))' ]; do sleep 0.05; done
            echo "{\\"model_id\\": \\"${GATE_MODEL:-m-gate}\\"}"
            """)
    }

    /// The shell words of `mocache [GLOBAL] train ...` with the gated command, for a shell script.
    func trainCommand(_ extra: String = "") -> String {
        "'\(mocacheBinary)' train --db '\(cli.db)' \(extra) --backend process:sft --dataset '\(cli.dataset)' "
            + "--config '\(cli.config)' -- /bin/sh '\(gateScript)'"
    }

    /// Runs a shell script in the workspace folder, with `NO_COLOR` set and `MOCACHE_DB` empty.
    func shell(_ script: String, timeout: TimeInterval = 90) async throws -> ProcessResult {
        try await runProcess(
            executable: "/bin/sh", arguments: ["-c", "cd '\(cli.folder.path)' || exit 99\n" + script],
            environment: ["MOCACHE_DB": "", "NO_COLOR": ""], timeout: timeout)
    }

    /// The stored training runs, as `mocache models --format json` prints them.
    func models() async throws -> [JSONValue] {
        try await cli.run(["models", "--format", "json"]).json().arrayValue ?? []
    }
}
