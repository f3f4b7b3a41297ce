import MOCache

/// The hyperparameters that differ between a group of runs: the leaves of their configurations
/// (`hyperparameters.learning_rate`, `base_model`) that do not hold one value for all of them.
///
/// A pure function of the configurations. A leaf is a number, string, boolean, null or array (arrays
/// are one value); a leaf that some runs lack differs too. Labels drop the `hyperparameters.` prefix
/// where that leaves no two alike. Values are kept by column (one array per leaf), so that a chart
/// against one leaf reads one array.
///
/// ```swift
/// let space = HyperparameterSpace(configs: runs.map(\.config))
/// space.paths                                      // ["hyperparameters.learning_rate"]
/// space.label(space.paths[0])                      // "learning_rate"
/// space.value(0, "hyperparameters.learning_rate")  // .number(0.5)
/// ```
package struct HyperparameterSpace: Sendable, Hashable {
    /// The leaves that differ, hyperparameters first, then by name.
    package let paths: [String]
    /// How many configurations.
    package let count: Int
    /// Each differing leaf's value in each configuration (`nil` where one lacks it).
    private let columns: [String: [JSONValue?]]
    /// The label of each path.
    private let labels: [String: String]

    /// Finds what differs between `configs`.
    package init(configs: [JSONValue]) {
        let leaves = configs.map(Self.leaves)
        var distinct: [String: Set<JSONValue>] = [:]
        var present: [String: Int] = [:]
        for configuration in leaves {
            for (path, value) in configuration {
                distinct[path, default: []].insert(value)
                present[path, default: 0] += 1
            }
        }
        let varying = distinct.keys.filter { (distinct[$0]?.count ?? 0) > 1 || present[$0] != configs.count }
        let prefix = "hyperparameters."
        let paths = varying.sorted { lhs, rhs in
            (lhs.hasPrefix(prefix) ? 0 : 1, lhs) < (rhs.hasPrefix(prefix) ? 0 : 1, rhs)
        }
        var columns = Dictionary(
            uniqueKeysWithValues: paths.map { ($0, [JSONValue?](repeating: nil, count: configs.count)) })
        for (index, configuration) in leaves.enumerated() {
            for (path, value) in configuration where columns[path] != nil { columns[path]?[index] = value }
        }
        var labels: [String: String] = [:]
        let short = paths.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
        for (path, label) in zip(paths, short) {
            labels[path] = short.filter { $0 == label }.count > 1 ? path : label
        }
        self.paths = paths
        self.count = configs.count
        self.columns = columns
        self.labels = labels
    }

    /// The label of a path: without `hyperparameters.` unless another path would read the same.
    package func label(_ path: String) -> String {
        labels[path] ?? path
    }

    /// The value of configuration `index` at `path`, or `nil` when it lacks it (or `path` does not vary).
    package func value(_ index: Int, _ path: String) -> JSONValue? {
        columns[path]?[index] ?? nil
    }

    /// The values of every configuration at `path`.
    package func column(_ path: String) -> [JSONValue?] {
        columns[path] ?? [JSONValue?](repeating: nil, count: count)
    }

    /// What tells configuration `index` apart: `learning_rate=0.1, epochs=3` over `paths` (all by
    /// default), a dash for a leaf it lacks.
    package func describe(_ index: Int, paths: [String]? = nil) -> String {
        (paths ?? self.paths).map { path in
            label(path) + "=" + (value(index, path).map(ReportFormat.value) ?? "–")
        }.joined(separator: ", ")
    }

    /// A number per configuration that is the same for two of them exactly when they agree at every
    /// path but `path`: the line each belongs to in a chart against `path`.
    package func settings(except path: String) -> [Int] {
        let others = paths.filter { $0 != path }.map(column)
        guard !others.isEmpty else { return [Int](repeating: 0, count: count) }
        var numbers: [[JSONValue?]: Int] = [:]
        return (0..<count).map { index in
            let key = others.map { $0[index] }
            if let number = numbers[key] { return number }
            numbers[key] = numbers.count
            return numbers.count - 1
        }
    }

    /// Orders configurations by their values at `paths`, in turn (a lacking leaf last); `nil` when they
    /// agree at all of them.
    package func precedes(_ lhs: Int, _ rhs: Int, paths: [String]? = nil) -> Bool? {
        for path in paths ?? self.paths {
            switch (value(lhs, path), value(rhs, path)) {
            case (nil, nil): continue
            case (nil, _): return false
            case (_, nil): return true
            case (let left?, let right?):
                if left == right { continue }
                return Self.precedes(left, right)
            }
        }
        return nil
    }

    /// The leaves of a configuration by dotted path, in no order. Arrays are leaves; empty objects
    /// have none.
    package static func leaves(_ config: JSONValue) -> [(path: String, value: JSONValue)] {
        var leaves: [(path: String, value: JSONValue)] = []
        func visit(_ value: JSONValue, _ path: String) {
            if case .object(let members) = value {
                for (name, member) in members { visit(member, path.isEmpty ? name : path + "." + name) }
            } else {
                leaves.append((path.isEmpty ? "(config)" : path, value))
            }
        }
        visit(config, "")
        return leaves
    }

    /// Orders two configuration values for axes and rows: numbers by value before strings by text
    /// before anything else by its JSON.
    package static func precedes(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): return a < b
        case (.number, _): return true
        case (_, .number): return false
        case (.string(let a), .string(let b)): return a < b
        case (.string, _): return true
        case (_, .string): return false
        default: return lhs.compactText < rhs.compactText
        }
    }
}
