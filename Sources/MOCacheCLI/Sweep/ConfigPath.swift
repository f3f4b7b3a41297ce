import MOCache

/// A dotted path into a training configuration, such as `hyperparameters.learning_rate`: what a sweep's
/// grid keys and `--set` name.
///
/// The first part is a member of the configuration (``TrainingConfigFile/members``); the parts before
/// the last must be objects in the configuration (`hyperparameters` and `options` count as empty objects
/// when left out); the last part may be new. So `hyperparameters.learning_rate` may add a learning rate,
/// but `hyperparameter.learning_rate` (a typo) and `base_model.size` (not an object) are errors.
struct ConfigPath: Hashable, Sendable, CustomStringConvertible {
    /// The parts, in order: `["hyperparameters", "learning_rate"]`.
    let components: [String]

    /// The path as written: `hyperparameters.learning_rate`.
    var description: String { components.joined(separator: ".") }

    /// Reads a dotted path; `nil` when a part is empty (`a..b`, `.a`, an empty string).
    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        components = parts
    }

    /// The members that default to an empty object when a configuration leaves them out.
    private static let objectMembers: Set<String> = ["hyperparameters", "options"]

    /// Why this path does not lead into `config`, or `nil` when it does.
    func problem(in config: JSONValue) -> String? {
        guard let first = components.first, TrainingConfigFile.members.contains(first) else {
            return "\"\(components[0])\" is not a member of a training configuration; the members are "
                + TrainingConfigFile.members.joined(separator: ", ")
                + " (hyperparameters go under hyperparameters., as in hyperparameters.learning_rate)"
        }
        var node: JSONValue? = config
        for (index, part) in components.dropLast().enumerated() {
            let parent = components[...index].joined(separator: ".")
            var next = node?[part]
            if next == nil, index == 0, Self.objectMembers.contains(part) { next = .object([:]) }
            guard let next else {
                return "the configuration has no \(parent); give it in the configuration first"
            }
            guard next.objectValue != nil else {
                return "\(parent) is not an object in the configuration, so it has no member "
                    + "\"\(components[index + 1])\""
            }
            node = next
        }
        return nil
    }

    /// `config` with the value at this path replaced by `value` (added when it is not there). The
    /// path must lead into `config` (``problem(in:)`` is `nil`).
    func setting(_ value: JSONValue, in config: JSONValue) -> JSONValue {
        Self.setting(value, at: components[...], in: config)
    }

    private static func setting(_ value: JSONValue, at path: ArraySlice<String>, in node: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        var members = node.objectValue ?? [:]
        members[first] = setting(value, at: path.dropFirst(), in: members[first] ?? .object([:]))
        return .object(members)
    }
}
