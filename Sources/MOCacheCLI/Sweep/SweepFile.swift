import Foundation
import MOCache
import Yams

/// A sweep file, read and checked: the training every cell shares, the grid, the optional evals and how
/// many jobs may run at once. `mocache sweep FILE` reads one; docs/sweeps.md describes the format.
///
/// ```yaml
/// train:
///   backend: process:sft
///   command: [python3, train.py]
///   dataset: data/train.jsonl
///   config: {base_model: tiny, hyperparameters: {epochs: 3}}
/// grid:
///   hyperparameters.learning_rate: [0.1, 0.01]
/// eval:
///   backend: process:harness
///   command: [python3, eval.py]
///   tasks: [heldout, shifted]
/// jobs: 2
/// ```
///
/// The file is YAML or JSON. Everything that can be checked without running anything is checked here:
/// unknown members, missing ones, grid keys that are not paths into the configuration, empty lists.
struct SweepFile: Hashable, Sendable {
    /// The members a sweep file may have.
    static let members = ["train", "grid", "eval", "jobs"]

    /// What every cell trains.
    let training: SweepTraining
    /// The grid's keys in the file's order; the first varies slowest.
    let grid: [GridAxis]
    /// The evals of every trained model, when the file has them.
    let evaluation: SweepEvaluation?
    /// How many jobs may run at once, when the file says.
    let jobs: Int?

    /// Makes a sweep from its parts.
    init(training: SweepTraining, grid: [GridAxis], evaluation: SweepEvaluation?, jobs: Int?) {
        self.training = training
        self.grid = grid
        self.evaluation = evaluation
        self.jobs = jobs
    }

    /// Reads a sweep file's text.
    ///
    /// - Parameters:
    ///   - text: The YAML or JSON.
    ///   - source: The file's name, for errors.
    /// - Throws: ``MOCacheError`` with code `invalid_config`, naming the file, the line and the column.
    init(parsing text: String, source: String) throws {
        let reader = Reader(source: source)
        let root = try YAMLReader.root(text, source: source)
        let top = try reader.mapping(root, named: "the sweep", members: Self.members)
        guard let train = top["train"] else {
            throw reader.error(root, "a sweep needs a train: section (backend, command, dataset, config)")
        }
        let training = try reader.training(train)
        self.training = training
        grid = try top["grid"].map { try reader.grid($0, config: training.config) } ?? []
        evaluation = try top["eval"].map(reader.evaluation)
        jobs = try top["jobs"].map { try reader.positiveInteger($0, named: "jobs") }
    }

    /// This sweep with `--set` values: each replaces its value in the configuration, and a grid key it
    /// names is left out of the grid (the value is set, not swept).
    ///
    /// - Throws: ``MOCacheError`` with code `invalid_config` when a path does not lead into the
    ///   configuration.
    func applying(_ settings: [ConfigSetting]) throws -> SweepFile {
        var config = training.config
        for setting in settings {
            config = try setting.apply(to: config)
        }
        let set = Set(settings.map(\.path))
        return SweepFile(
            training: SweepTraining(
                backend: training.backend, command: training.command, dataset: training.dataset, config: config),
            grid: grid.filter { !set.contains($0.path) }, evaluation: evaluation, jobs: jobs)
    }

    /// The cells: the grid's cartesian product merged into the configuration, the first key varying
    /// slowest. A sweep without a grid has one cell.
    ///
    /// - Throws: ``MOCacheError`` with code `invalid_config` when a cell's configuration is not a valid
    ///   training configuration (a grid value of the wrong type, say), naming the cell.
    func cells(source: String) throws -> [SweepCell] {
        var combinations: [[JSONValue]] = [[]]
        for axis in grid {
            combinations = combinations.flatMap { prefix in axis.values.map { prefix + [$0] } }
        }
        return try combinations.enumerated().map { index, values in
            var config = training.config
            for (axis, value) in zip(grid, values) {
                config = axis.path.setting(value, in: config)
            }
            let assignments = zip(grid, values).map { SweepCell.Assignment(path: $0.path, value: $1) }
            let label = SweepCell.label(assignments)
            let file = try TrainingConfigFile(json: config, source: label.isEmpty ? source : "\(source) (\(label))")
            return SweepCell(index: index, assignments: assignments, config: file)
        }
    }
}

// MARK: - Reading the sections

extension SweepFile {
    /// Reads the sections of one file, with errors that say where.
    private struct Reader {
        let source: String

        func error(_ node: Node, _ reason: String) -> MOCacheError {
            MOCacheError(.invalidConfig, "\(YAMLReader.location(node, source: source)): \(reason).", path: source)
        }

        /// A mapping's members by name, refusing unknown ones.
        func mapping(_ node: Node, named name: String, members: [String]) throws -> [String: Node] {
            guard case .mapping(let mapping) = node else {
                throw error(node, "\(name) must be a mapping of " + members.joined(separator: ", "))
            }
            var result: [String: Node] = [:]
            for (key, value) in mapping {
                let member = try YAMLReader.string(key, source: source)
                guard members.contains(member) else {
                    throw error(
                        key, "\"\(member)\" is not a member of \(name); it has " + members.joined(separator: ", "))
                }
                result[member] = value
            }
            return result
        }

        func string(_ node: Node?, named name: String, in parent: Node) throws -> String {
            guard let node else { throw error(parent, "\(name) is missing") }
            guard case .string(let text) = try YAMLReader.json(node, source: source), !text.isEmpty else {
                throw error(node, "\(name) must be a non-empty string")
            }
            return text
        }

        func strings(_ node: Node, named name: String) throws -> [String] {
            guard case .array(let items) = try YAMLReader.json(node, source: source), !items.isEmpty,
                let strings = Optional(items.compactMap(\.stringValue)), strings.count == items.count,
                strings.allSatisfy({ !$0.isEmpty })
            else {
                throw error(node, "\(name) must be a non-empty list of strings, such as [python3, train.py]")
            }
            return strings
        }

        func positiveInteger(_ node: Node, named name: String) throws -> Int {
            guard case .number(let number) = try YAMLReader.json(node, source: source), number >= 1,
                number <= 1_000, number == number.rounded()
            else {
                throw error(node, "\(name) must be a whole number from 1 to 1000")
            }
            return Int(number)
        }

        func training(_ node: Node) throws -> SweepTraining {
            let members = try mapping(node, named: "train", members: ["backend", "command", "dataset", "config"])
            let backend = try string(members["backend"], named: "train.backend", in: node)
            let command = try members["command"].map { try strings($0, named: "train.command") } ?? []
            if command.isEmpty && !TrainingBackendOptions.isOpenAI(backend) {
                throw error(
                    node,
                    "train.command is missing: give the command that trains, such as [python3, train.py] "
                        + "(only the openai backend needs none)")
            }
            let dataset = try string(members["dataset"], named: "train.dataset", in: node)
            guard let configNode = members["config"] else {
                throw error(node, "train.config is missing: give at least {base_model: NAME}")
            }
            let config = try YAMLReader.json(configNode, source: source)
            do {
                _ = try TrainingConfigFile(json: config, source: YAMLReader.location(configNode, source: source))
            } catch let failure as MOCacheError {
                throw MOCacheError(failure.code, failure.message, path: source)
            }
            return SweepTraining(backend: backend, command: command, dataset: dataset, config: config)
        }

        func grid(_ node: Node, config: JSONValue) throws -> [GridAxis] {
            guard case .mapping(let mapping) = node else {
                throw error(
                    node,
                    "grid must be a mapping of config paths to lists, such as "
                        + "hyperparameters.learning_rate: [0.1, 0.01]")
            }
            return try mapping.map { key, value in
                let name = try YAMLReader.string(key, source: source)
                guard let path = ConfigPath(name) else {
                    throw error(key, "\"\(name)\" is not a dotted path such as hyperparameters.learning_rate")
                }
                if let problem = path.problem(in: config) {
                    throw error(key, "grid key \(name) is not a path into train.config: \(problem)")
                }
                guard case .array(let values) = try YAMLReader.json(value, source: source) else {
                    throw error(value, "grid key \(name) must have a list of values, such as [0.1, 0.01]")
                }
                guard !values.isEmpty else {
                    throw error(value, "grid key \(name) has an empty list: give at least one value, or remove it")
                }
                return GridAxis(path: path, values: values)
            }
        }

        func evaluation(_ node: Node) throws -> SweepEvaluation {
            let members = try mapping(node, named: "eval", members: ["backend", "command", "tasks", "params"])
            let backend = try string(members["backend"], named: "eval.backend", in: node)
            let command = try members["command"].map { try strings($0, named: "eval.command") } ?? []
            guard let tasksNode = members["tasks"] else {
                throw error(node, "eval.tasks is missing: give the tasks, such as [heldout, shifted]")
            }
            let tasks = try strings(tasksNode, named: "eval.tasks").reduce(into: [String]()) {
                if !$0.contains($1) { $0.append($1) }
            }
            var params = JSONValue.object([:])
            if let paramsNode = members["params"] {
                params = try YAMLReader.json(paramsNode, source: source)
                guard params.objectValue != nil else { throw error(paramsNode, "eval.params must be a mapping") }
            }
            return SweepEvaluation(backend: backend, command: command, tasks: tasks, params: params)
        }
    }
}
