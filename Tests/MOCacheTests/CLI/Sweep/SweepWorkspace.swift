import Foundation
import MOCache
import Testing

/// A ``CLIWorkspace`` with real python3 training and eval scripts for `mocache sweep`, and a sweep file
/// that names them by absolute path.
///
/// - `train.py` appends its hyperparameters to `train-calls.txt`, fails (exit 3) for a learning rate
///   of 0.5, and with `SWEEP_BLOCK` set writes `running-PID` and sleeps until it is stopped; it prints
///   the model id `m-lr{rate}-ep{epochs}`.
/// - `eval.py` appends `MODEL TASK` to `eval-calls.txt` and scores `heldout` and `shifted`; other
///   tasks fail.
struct SweepWorkspace: Sendable {
    let cli: CLIWorkspace

    var folder: TemporaryDirectory { cli.folder }
    var sweepFile: String { folder.path("sweep.yaml") }

    init() throws {
        cli = try CLIWorkspace()
        let folder = cli.folder
        try cli.write(
            "train.py",
            """
            import json, os, sys, time
            request = json.load(sys.stdin)
            hp = request["hyperparameters"]
            with open(\(Self.quoted(folder.path("train-calls.txt"))), "a") as calls:
                calls.write(json.dumps(hp, sort_keys=True) + "\\n")
            print("training lr=%s" % hp.get("learning_rate"), file=sys.stderr)
            if hp.get("learning_rate") == 0.5:
                print("loss diverged", file=sys.stderr)
                sys.exit(3)
            if os.environ.get("SWEEP_BLOCK"):
                with open(os.path.join(\(Self.quoted(folder.path)), "running-%d" % os.getpid()), "w") as f:
                    f.write(str(os.getpid()))
                time.sleep(600)
            print(json.dumps({"model_id": "m-lr%s-ep%s" % (hp.get("learning_rate"), hp.get("epochs"))}))
            """)
        try cli.write(
            "eval.py",
            """
            import json, sys
            request = json.load(sys.stdin)
            model, task = request["model_id"], request["task"]
            with open(\(Self.quoted(folder.path("eval-calls.txt"))), "a") as calls:
                calls.write("%s %s\\n" % (model, task))
            rate = float(model.split("-lr")[1].split("-ep")[0])
            if task == "heldout":
                print(json.dumps({"metrics": {"accuracy": round(1 - rate, 4)}}))
            elif task == "shifted":
                print(json.dumps({"metrics": {"accuracy": round(0.5 + rate, 4), "f1": 0.5}}))
            else:
                print("no such task: " + task, file=sys.stderr)
                sys.exit(2)
            """)
    }

    /// A Python string literal of `text`.
    static func quoted(_ text: String) -> String { JSONValue.string(text).compactText }

    /// Writes the sweep file: `grid` and `extra` are YAML lines under `grid:` and at the top level.
    @discardableResult
    func writeSweep(grid: [String], tasks: [String]? = ["heldout", "shifted"], extra: [String] = []) throws -> String {
        var lines = [
            "train:",
            "  backend: process:sft",
            "  command: [python3, \(Self.quoted(folder.path("train.py")))]",
            "  dataset: \(Self.quoted(cli.dataset))",
            "  config: {base_model: tiny, hyperparameters: {epochs: 3}}",
        ]
        if !grid.isEmpty { lines += ["grid:"] + grid.map { "  " + $0 } }
        if let tasks {
            lines += [
                "eval:", "  backend: process:harness",
                "  command: [python3, \(Self.quoted(folder.path("eval.py")))]",
                "  tasks: [\(tasks.joined(separator: ", "))]",
            ]
        }
        try cli.write("sweep.yaml", (lines + extra).joined(separator: "\n") + "\n")
        return sweepFile
    }

    /// `mocache sweep` of the sweep file.
    func sweep(_ extra: [String] = [], environment: [String: String] = [:]) async throws -> ProcessResult {
        try await cli.run(["sweep", sweepFile] + extra, environment: environment, timeout: 120)
    }

    /// The hyperparameters each training call had, in order.
    var trainCalls: [String] { lines("train-calls.txt") }
    /// The `MODEL TASK` of each eval call, in order.
    var evalCalls: [String] { lines("eval-calls.txt") }

    private func lines(_ name: String) -> [String] {
        guard let text = try? String(contentsOfFile: folder.path(name), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }
}
