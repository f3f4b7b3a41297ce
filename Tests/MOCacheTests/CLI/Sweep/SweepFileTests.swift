import Foundation
import MOCache
import Testing

@testable import MOCacheCLI

/// The pure parts of `mocache sweep`: reading the file, expanding the grid, `--set`, grouping cells.
@Suite("Sweep files")
struct SweepFileTests {
    static let minimal = """
        train:
          backend: process:sft
          command: [python3, train.py]
          dataset: data.jsonl
          config: {base_model: tiny, hyperparameters: {epochs: 3}}
        """

    static func error(_ text: String) -> String {
        do {
            _ = try SweepFile(parsing: text, source: "s.yaml")
            return "no error"
        } catch let error as MOCacheError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("the grid's cartesian product is merged into the config, the first key varying slowest")
    func cartesianProduct() throws {
        let sweep = try SweepFile(
            parsing: Self.minimal + """

                grid:
                  hyperparameters.learning_rate: [0.1, 0.01, 0.001]
                  hyperparameters.epochs: [1, 3]
                  options.seed: [8]
                  suffix: [a]
                """, source: "s.yaml")
        #expect(
            sweep.grid.map(\.path.description) == [
                "hyperparameters.learning_rate", "hyperparameters.epochs", "options.seed", "suffix",
            ])
        let cells = try sweep.cells(source: "s.yaml")
        #expect(cells.count == 6)
        #expect(
            cells.map { $0.config.hyperparameters["learning_rate"]?.doubleValue } == [
                0.1, 0.1, 0.01, 0.01, 0.001, 0.001,
            ])
        #expect(cells.map { $0.config.hyperparameters["epochs"]?.doubleValue } == [1, 3, 1, 3, 1, 3])
        #expect(cells[0].config.options == ["seed": 8])
        #expect(cells[0].config.suffix == "a" && cells[0].config.baseModel == "tiny")
        #expect(cells[1].label == "hyperparameters.learning_rate=0.1 hyperparameters.epochs=3 options.seed=8 suffix=a")
    }

    @Test("a grid key that is not a path into the config is refused, with its line and column")
    func gridPaths() {
        let base = Self.minimal + "\ngrid:\n  "
        #expect(Self.error(base + "options.seed: [8]") == "no error")
        #expect(
            Self.error(base + "hyperparameter.lr: [1]").hasPrefix(
                "s.yaml:7:3: grid key hyperparameter.lr is not a path into train.config: \"hyperparameter\" is not a member"
            ))
        #expect(Self.error(base + "hyperparameters.epochs.x: [1]").contains("hyperparameters.epochs is not an object"))
        #expect(Self.error(base + "options.lora.rank: [1]").contains("the configuration has no options.lora"))
        #expect(Self.error(base + "hyperparameters..lr: [1]").contains("is not a dotted path"))
        #expect(
            Self.error(base + "hyperparameters.lr: []").hasPrefix(
                "s.yaml:7:23: grid key hyperparameters.lr has an empty list"))
        #expect(Self.error(base + "hyperparameters.lr: 0.1").contains("must have a list of values"))
        #expect(Self.error(base + "base_model: [1]") == "no error")
    }

    @Test("a YAML syntax error names its line and column")
    func syntaxError() {
        let unclosed = Self.error("train:\n  backend: [a\n")
        #expect(unclosed.hasPrefix("s.yaml:3:1: ") && unclosed.hasSuffix("fix the YAML there."), "\(unclosed)")
        let twice = Self.error("train: {backend: a, backend: b}")
        #expect(twice.hasPrefix("s.yaml:1:") && twice.contains("backend is given twice"), "\(twice)")
        #expect(Self.error("").contains("the file is empty"))
    }

    @Test("missing and unknown members are errors that say what to give")
    func members() {
        #expect(Self.error("grid: {}").contains("a sweep needs a train: section"))
        #expect(Self.error(Self.minimal + "\ncolour: blue").contains("\"colour\" is not a member of the sweep"))
        #expect(
            Self.error("train: {backend: process:sft, dataset: d, config: {base_model: t}}").contains(
                "train.command is missing"))
        #expect(Self.error("train: {backend: openai, dataset: d, config: {base_model: t}}") == "no error")
        #expect(
            Self.error("train: {backend: b, command: [x], dataset: d, config: {hyperparameters: {}}}").contains(
                "$.base_model"))
        #expect(Self.error(Self.minimal + "\neval: {backend: h, command: [x]}").contains("eval.tasks is missing"))
        #expect(
            Self.error(Self.minimal + "\neval: {backend: h, tasks: []}").contains("eval.tasks must be a non-empty list")
        )
        #expect(Self.error(Self.minimal + "\njobs: 2.5").contains("jobs must be a whole number"))
    }

    @Test("scalars follow YAML 1.2: yes, no and dates stay strings; quoted numbers are strings")
    func scalars() throws {
        let node = try YAMLReader.root("[yes, no, true, 1e-3, 0x10, '3', 2024-01-01, null, ~, 1_000]", source: "x")
        #expect(
            try YAMLReader.json(node, source: "x") == [
                "yes", "no", true, 0.001, 16, "3", "2024-01-01", .null, .null, 1000,
            ])
        #expect(throws: MOCacheError.self) { try YAMLReader.json(YAMLReader.root(".inf", source: "x"), source: "x") }
    }

    @Test("--set replaces a value and takes a grid key out of the grid")
    func settings() throws {
        let sweep = try SweepFile(
            parsing: Self.minimal
                + "\ngrid:\n  hyperparameters.learning_rate: [0.1, 0.01]\n  hyperparameters.epochs: [1, 2]",
            source: "s.yaml")
        let set = try sweep.applying([
            ConfigSetting(argument: "hyperparameters.epochs=5"), ConfigSetting(argument: "options.seed=7"),
        ])
        let cells = try set.cells(source: "s.yaml")
        #expect(cells.count == 2 && cells.allSatisfy { $0.config.hyperparameters["epochs"] == 5 })
        #expect(cells[0].config.options == ["seed": 7])
        #expect(throws: MOCacheError.self) { try sweep.applying([ConfigSetting(argument: "lr=1")]) }
        #expect(throws: (any Error).self) { try ConfigSetting(argument: "novalue") }
        #expect(try ConfigSetting(argument: "suffix='3'").value == "3")
        #expect(try ConfigSetting(argument: "hyperparameters.layers=[1, 2]").value == [1, 2])
    }

    @Test("a grid value of the wrong type names the cell")
    func wrongType() throws {
        let sweep = try SweepFile(parsing: Self.minimal + "\ngrid:\n  base_model: [tiny, 3]", source: "s.yaml")
        #expect(throws: MOCacheError.self) { try sweep.cells(source: "s.yaml") }
        do {
            _ = try sweep.cells(source: "s.yaml")
        } catch let error as MOCacheError {
            #expect(error.message.contains("s.yaml (base_model=3)"), "\(error.message)")
        }
    }

    @Test("identical keys are grouped, in the order of their first cell")
    func grouping() {
        let a = TrainingKey(backendID: "b", datasetHash: "d", configHash: "a")
        let b = TrainingKey(backendID: "b", datasetHash: "d", configHash: "b")
        let groups = SweepPlan.group([a, b, a, b, b])
        #expect(groups.map(\.key) == [a, b] && groups.map(\.cells) == [[0, 2], [1, 3, 4]])
    }

    @Test("CSV fields are quoted when they must be")
    func csv() {
        #expect(
            CSV.document([["a", "b,c", "say \"hi\"", "two\nlines", " x", ""]])
                == "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\" x\",\n")
    }
}
