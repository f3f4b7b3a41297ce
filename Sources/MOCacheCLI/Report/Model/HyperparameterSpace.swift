import MOCache

/// The hyperparameters that differ between a group of runs: the leaves of their configurations
/// (`hyperparameters.learning_rate`, `base_model`) that do not hold one value for all of them.
///
/// A pure function of the configurations. A leaf is a number, string, boolean, null or array (arrays
/// are one value); a leaf that some runs lack differs too. Labels drop the `hyperparameters.` prefix
/// where that leaves no two alike.
///
/// ```swift
/// let space = HyperparameterSpace(configs: runs.map(\.config))
/// space.paths          // ["hyperparameters.learning_rate"]
/// space.label(space.paths[0])   // "learning_rate"
/// space.values[0]["hyperparameters.learning_rate"]   // .number(0.5)
/// ```
package struct HyperparameterSpace: Sendable, Hashable {
    /// The leaves that differ, hyperparameters first, then by name.
    package let paths: [String]
    /// The differing leaves of each configuration, in the order given (absent where a run lacks one).
    package let values: [[String: JSONValue]]
    /// The label of each path.
    private let labels: [String: String]

    /// Finds what differs between `configs`.
    package init(configs: [JSONValue]) {
        let flattened = configs.map(Self.flatten)
        var distinct: [String: Set<JSONValue>] = [:]
        var present: [String: Int] = [:]
        for leaves in flattened {
            for (path, value) in leaves {
                distinct[path, default: []].insert(value)
                present[path, default: 0] += 1
            }
        }
        let varying = distinct.keys.filter { (distinct[$0]?.count ?? 0) > 1 || present[$0] != configs.count }
        let prefix = "hyperparameters."
        let paths = varying.sorted { lhs, rhs in
            (lhs.hasPrefix(prefix) ? 0 : 1, lhs) < (rhs.hasPrefix(prefix) ? 0 : 1, rhs)
        }
        let wanted = Set(paths)
        self.paths = paths
        self.values = flattened.map { $0.filter { wanted.contains($0.key) } }
        var labels: [String: String] = [:]
        let short = paths.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
        for (path, label) in zip(paths, short) {
            labels[path] = short.filter { $0 == label }.count > 1 ? path : label
        }
        self.labels = labels
    }

    /// The label of a path: without `hyperparameters.` unless another path would read the same.
    package func label(_ path: String) -> String {
        labels[path] ?? path
    }

    /// What tells configuration `index` apart: `learning_rate=0.1, epochs=3` over `paths` (all by
    /// default), a dash for a leaf it lacks.
    package func describe(_ index: Int, paths: [String]? = nil) -> String {
        (paths ?? self.paths).map { path in
            label(path) + "=" + (values[index][path].map(ReportFormat.value) ?? "–")
        }.joined(separator: ", ")
    }

    /// The leaves of a configuration by dotted path. Arrays are leaves; empty objects have none.
    package static func flatten(_ config: JSONValue) -> [String: JSONValue] {
        var leaves: [String: JSONValue] = [:]
        func visit(_ value: JSONValue, _ path: String) {
            if case .object(let members) = value {
                for (name, member) in members { visit(member, path.isEmpty ? name : path + "." + name) }
            } else {
                leaves[path.isEmpty ? "(config)" : path] = value
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
