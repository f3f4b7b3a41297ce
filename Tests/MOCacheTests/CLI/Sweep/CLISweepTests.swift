import Foundation
import MOCache
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `mocache sweep` as users run it: the built binary, real python3 training and eval scripts, a real
/// SQLite store (issue 14, "Sweeps").
@Suite("mocache sweep")
struct CLISweepTests {
    static let grid = ["hyperparameters.learning_rate: [0.1, 0.01]", "hyperparameters.epochs: [1, 2]"]

    @Test("a grid runs every cell once with its evals; run again, nothing runs and every cell is served")
    func runThenServe() async throws {
        let workspace = try SweepWorkspace()
        try workspace.writeSweep(grid: Self.grid, extra: ["jobs: 2"])
        let first = try await workspace.sweep()
        #expect(first.exitCode == 0, "\(first)")
        #expect(
            Set(workspace.trainCalls)
                == [
                    #"{"epochs": 1, "learning_rate": 0.1}"#, #"{"epochs": 2, "learning_rate": 0.1}"#,
                    #"{"epochs": 1, "learning_rate": 0.01}"#, #"{"epochs": 2, "learning_rate": 0.01}"#,
                ], "\(workspace.trainCalls)")
        #expect(workspace.evalCalls.count == 8, "\(workspace.evalCalls)")
        // Not a terminal: one line per event, the jobs' own output with them.
        #expect(first.stderr.contains("[1/4] hyperparameters.learning_rate=0.1 hyperparameters.epochs=1: running"))
        #expect(first.stderr.contains("training lr=0.1"), "\(first.stderr)")
        #expect(
            first.lines[0].split(separator: " ", omittingEmptySubsequences: true).map(String.init) == [
                "hyperparameters.learning_rate", "hyperparameters.epochs", "MODEL", "TRAINING", "heldout/accuracy",
                "shifted/accuracy", "shifted/f1", "EVALS",
            ], "\(first.stdout)")
        #expect(
            first.lines[1].split(separator: " ").map(String.init) == [
                "0.1", "1", "m-lr0.1-ep1", "computed", "0.9", "0.6", "0.5", "computed",
            ], "\(first.stdout)")
        #expect(first.lines.count == 6, "\(first.stdout)")

        let second = try await workspace.sweep(["--format", "json"])
        #expect(second.exitCode == 0, "\(second)")
        #expect(workspace.trainCalls.count == 4 && workspace.evalCalls.count == 8, "the re-run ran something")
        let document = try second.json()
        let cells = try #require(document["cells"]?.arrayValue)
        #expect(cells.count == 4)
        #expect(cells.allSatisfy { $0["training"] == "cache" && $0["failed"] == false }, "\(document)")
        #expect(cells[3]["grid"] == ["hyperparameters.learning_rate": 0.01, "hyperparameters.epochs": 2])
        #expect(cells[3]["evals"]?["heldout"]?["metrics"]?["accuracy"] == 0.99)
        #expect(document["computed"] == ["trainings": 0, "evals": 0], "\(document)")
        #expect(document["served"] == ["trainings": 4, "evals": 8], "\(document)")
        #expect(
            second.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("[4/4] ") } == [
                "[4/4] hyperparameters.learning_rate=0.01 hyperparameters.epochs=2: cached"
            ], "\(second.stderr)")
    }

    @Test("on a terminal, a live table is redrawn in place, and the jobs' output does not break it")
    func liveTable() async throws {
        let workspace = try SweepWorkspace()
        try workspace.writeSweep(grid: ["hyperparameters.learning_rate: [0.1, 0.01]"], extra: ["jobs: 2"])
        // script(1) gives mocache a terminal; the table goes to stdout's file, the terminal's text to the log.
        let log = workspace.folder.path("terminal.log")
        let command =
            "'\(mocacheBinary)' sweep --db '\(workspace.cli.db)' '\(workspace.sweepFile)' > '\(workspace.folder.path("out.txt"))'"
        let result = try await runProcess(
            executable: "/usr/bin/script", arguments: ["-qec", command, log], environment: ["NO_COLOR": "1"],
            timeout: 120)
        #expect(result.exitCode == 0, "\(result)")
        let terminal = try String(contentsOfFile: log, encoding: .utf8)
        #expect(terminal.contains("\u{1B}[2A\u{1B}[2K1/2  hyperparameters.learning_rate=0.1 "), "\(terminal)")
        #expect(terminal.contains("2/2  hyperparameters.learning_rate=0.01  done in "), "\(terminal)")
        #expect(terminal.contains("running"), "\(terminal)")
        #expect(!terminal.contains("training lr="), "the job's output broke the table: \(terminal)")
        let table = try String(contentsOfFile: workspace.folder.path("out.txt"), encoding: .utf8)
        #expect(table.contains("m-lr0.01-ep3  computed"), "\(table)")
    }

    @Test("identical cells run once, and each has its row")
    func identicalCells() async throws {
        let workspace = try SweepWorkspace()
        try workspace.writeSweep(grid: ["hyperparameters.learning_rate: [0.1, 0.1]"], extra: ["jobs: 2"])
        let result = try await workspace.sweep(["--format", "csv"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(workspace.trainCalls.count == 1 && workspace.evalCalls.count == 2, "\(workspace.trainCalls)")
        #expect(
            result.stdout == """
                hyperparameters.learning_rate,model_id,training,evals,heldout/accuracy,shifted/accuracy,shifted/f1,error
                0.1,m-lr0.1-ep3,computed,computed,0.9,0.6,0.5,
                0.1,m-lr0.1-ep3,computed,computed,0.9,0.6,0.5,

                """, "\(result)")
    }

    @Test("a failed cell is reported, the others finish and are stored, exit 1; the next run runs only it")
    func failedCell() async throws {
        let workspace = try SweepWorkspace()
        try workspace.writeSweep(grid: ["hyperparameters.learning_rate: [0.1, 0.5, 0.01]"], tasks: ["heldout", "arc"])
        let result = try await workspace.sweep()
        #expect(result.exitCode == 1, "\(result)")
        #expect(workspace.trainCalls.count == 3, "\(workspace.trainCalls)")
        #expect(result.stderr.contains("cell 2 (hyperparameters.learning_rate=0.5) failed"), "\(result.stderr)")
        #expect(result.stderr.contains("loss diverged"), "\(result.stderr)")
        #expect(
            result.stderr.contains("cell 1 (hyperparameters.learning_rate=0.1) failed: task arc"), "\(result.stderr)")
        #expect(result.lines[2].split(separator: " ").map(String.init) == ["0.5", "-", "failed", "-", "-"])
        #expect(
            result.lines[3].split(separator: " ").map(String.init) == [
                "0.01", "m-lr0.01-ep3", "computed", "0.99", "failed",
            ])

        try workspace.writeSweep(grid: ["hyperparameters.learning_rate: [0.1, 0.5, 0.01]"], tasks: ["heldout"])
        let again = try await workspace.sweep(["--format", "json"])
        #expect(again.exitCode == 1, "\(again)")
        // Only the failed training ran again; the heldout evals were stored.
        #expect(workspace.trainCalls.count == 4 && workspace.trainCalls.last?.contains("0.5") == true)
        #expect(workspace.evalCalls.filter { $0.hasSuffix("heldout") }.count == 2, "\(workspace.evalCalls)")
        let cells = try #require(try again.json()["cells"]?.arrayValue)
        #expect(cells.map { $0["training"] } == ["cache", "failed", "cache"], "\(cells)")
        #expect(cells[1]["training_error"]?.stringValue?.contains("status 3") == true, "\(cells[1])")
    }

    @Test("--plan changes nothing and says which cells are stored, which will run, and what they may cost")
    func plan() async throws {
        let workspace = try SweepWorkspace()
        try workspace.writeSweep(grid: Self.grid)
        // Nothing stored, no database: the plan creates none.
        let empty = try await workspace.sweep(["--plan"])
        #expect(empty.exitCode == 0, "\(empty)")
        #expect(!FileManager.default.fileExists(atPath: workspace.cli.db), "--plan created the database")
        #expect(empty.stdout.contains("will run:  4 trainings, 8 eval tasks"), "\(empty.stdout)")
        #expect(empty.stdout.contains("no stored runs of process:sft to estimate from"), "\(empty.stdout)")

        // One cell stored through --set, which fixes a grid key to one value.
        let one = try await workspace.sweep([
            "--set", "hyperparameters.learning_rate=0.1", "--set",
            "hyperparameters.epochs=2",
        ])
        #expect(one.exitCode == 0 && workspace.trainCalls == [#"{"epochs": 2, "learning_rate": 0.1}"#], "\(one)")
        let database = try FileManager.default.attributesOfItem(atPath: workspace.cli.db)
        let planned = try await workspace.sweep(["--plan", "--jobs", "2"])
        #expect(planned.exitCode == 0, "\(planned)")
        #expect(workspace.trainCalls.count == 1 && workspace.evalCalls.count == 2, "--plan ran something")
        let after = try FileManager.default.attributesOfItem(atPath: workspace.cli.db)
        #expect(database[.modificationDate] as? Date == after[.modificationDate] as? Date, "--plan wrote the store")
        let rows = planned.lines.map { $0.split(separator: " ").map(String.init) }
        #expect(rows[1] == ["0.1", "1", "train,", "evaluate", "2"], "\(planned.stdout)")
        #expect(rows[2] == ["0.1", "2", "stored"], "\(planned.stdout)")
        #expect(planned.stdout.contains("cells:     4 (1 stored, 3 to run)"), "\(planned.stdout)")
        #expect(planned.stdout.contains("will run:  3 trainings, 6 eval tasks"), "\(planned.stdout)")
        #expect(planned.stdout.contains("process:sft:"), "\(planned.stdout)")
        #expect(planned.stdout.contains("per training, the mean of 1 stored run"), "\(planned.stdout)")
        #expect(planned.stdout.contains("of compute, about"), "\(planned.stdout)")

        let json = try await workspace.sweep(["--plan", "--format", "json"]).json()
        #expect(json["to_run"] == ["trainings": 3, "evals": 6], "\(json)")
        let second = json["cells"]?.arrayValue?[1]
        #expect(second?["plan"] == "stored" && second?["model_id"] == "m-lr0.1-ep2", "\(json)")
        #expect(json["estimate"]?["training_mean"]?["runs"] == 1, "\(json)")
        #expect(json["estimate"]?["compute_seconds"]?.doubleValue != nil, "\(json)")
    }

    @Test("--set on train overrides one value of the config file")
    func setOnTrain() async throws {
        let workspace = try SweepWorkspace()
        let result = try await workspace.cli.run([
            "train", "--backend", "process:sft", "--dataset", workspace.cli.dataset, "--config", workspace.cli.config,
            "--set", "hyperparameters.learning_rate=0.05", "--format", "json", "--", "python3",
            workspace.folder.path("train.py"),
        ])
        #expect(result.exitCode == 0, "\(result)")
        #expect(try result.json()["model_id"] == "m-lr0.05-ep3", "\(result)")
        let bad = try await workspace.cli.run([
            "train", "--backend", "process:sft", "--dataset", workspace.cli.dataset, "--config", workspace.cli.config,
            "--set", "hyperparameter.learning_rate=0.05", "--", "python3", workspace.folder.path("train.py"),
        ])
        #expect(bad.exitCode != 0 && bad.stderr.contains("\"hyperparameter\" is not a member"), "\(bad)")
        #expect(workspace.trainCalls.count == 1)
    }

    @Test(
        "bad input is an error before anything runs",
        arguments: [
            (
                ["hyperparameter.learning_rate: [0.1]"], [String](),
                "sweep.yaml:7:3: grid key hyperparameter.learning_rate is not a path into train.config"
            ),
            (["base_model.size: [1]"], [], "base_model is not an object in the configuration"),
            (
                ["hyperparameters.learning_rate: []"], [],
                "sweep.yaml:7:34: grid key hyperparameters.learning_rate has an empty list"
            ),
            (["hyperparameters.learning_rate: [0.1, 0.2"], [], "sweep.yaml:8:5: did not find expected ',' or ']'"),
            (["hyperparameters.learning_rate: [0.1]"], ["jobs: 0"], "jobs must be a whole number from 1 to 1000"),
            (["hyperparameters.learning_rate: [0.1]"], ["colour: blue"], "\"colour\" is not a member of the sweep"),
        ])
    func badInput(grid: [String], extra: [String], message: String) async throws {
        let workspace = try SweepWorkspace()
        try workspace.writeSweep(grid: grid, extra: extra)
        let result = try await workspace.sweep()
        #expect(result.exitCode != 0 && result.stderr.contains(message), "\(result)")
        #expect(workspace.trainCalls.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: workspace.cli.db), "a database was made for bad input")
    }

    @Test("a command that does not exist is an error before anything runs")
    func missingCommand() async throws {
        let workspace = try SweepWorkspace()
        let text = try workspace.writeSweep(grid: Self.grid)
        let sweep = try String(contentsOfFile: text, encoding: .utf8)
        try workspace.cli.write("sweep.yaml", sweep.replacingOccurrences(of: "[python3, ", with: "[python3-nope, "))
        let result = try await workspace.sweep()
        #expect(result.exitCode != 0, "\(result)")
        #expect(result.stderr.contains("train.command: the command python3-nope was not found on PATH"), "\(result)")
        try workspace.cli.write(
            "sweep.yaml",
            sweep.replacingOccurrences(
                of: "[python3, \(SweepWorkspace.quoted(workspace.folder.path("eval.py")))]", with: "[./no-eval.sh]"))
        let eval = try await workspace.sweep()
        #expect(
            eval.exitCode != 0 && eval.stderr.contains("eval.command: ./no-eval.sh is not an executable file"),
            "\(eval)")
        #expect(workspace.trainCalls.isEmpty)
    }

    @Test("Ctrl-C cancels every running job through its handle, starts nothing else and exits 130")
    func interrupt() async throws {
        let workspace = try SweepWorkspace()
        try workspace.writeSweep(grid: ["hyperparameters.learning_rate: [0.1, 0.2, 0.3]"], extra: ["jobs: 2"])
        let folder = workspace.folder.path
        let shell = """
            SWEEP_BLOCK=1 '\(mocacheBinary)' sweep --db '\(workspace.cli.db)' '\(workspace.sweepFile)' &
            pid=$!
            for i in $(seq 1200); do [ "$(ls '\(folder)' | grep -c '^running-')" -ge 2 ] && break; sleep 0.05; done
            kill -INT $pid
            wait $pid
            echo "exit=$?"
            """
        let result = try await runProcess(executable: "/bin/sh", arguments: ["-c", shell], timeout: 120)
        #expect(result.stdout.contains("exit=130") && !result.timedOut, "\(result)")
        #expect(result.stderr.contains("Interrupted: the running jobs were cancelled"), "\(result)")
        #expect(workspace.trainCalls.count == 2, "a third cell started: \(workspace.trainCalls)")
        let pids = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("running-") }
            .compactMap { pid_t($0.dropFirst("running-".count)) }
        #expect(pids.count == 2)
        for pid in pids {
            #expect(try await !ProcessGroupTests.outlives(pid), "training \(pid) outlived the sweep")
        }
        let models = try await workspace.cli.run(["models", "--format", "json"]).json()
        #expect(models.arrayValue?.map { $0["status"] } == ["cancelled", "cancelled"], "\(models)")
    }
}
