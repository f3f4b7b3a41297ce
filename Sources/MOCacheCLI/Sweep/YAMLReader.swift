import Foundation
import MOCache
import Yams

/// Reads YAML (and JSON, which YAML reads as well) into Yams nodes and ``JSONValue``s, with errors that
/// name the file, line and column.
///
/// Scalars follow YAML 1.2's core schema: `true`/`false` are booleans, numbers are numbers, `null` and
/// `~` are null, and everything else (`yes`, `no`, `2024-01-01` included) is a string; quoted scalars
/// are always strings.
enum YAMLReader {
    /// The core schema's booleans only: YAML 1.1's `yes`, `no`, `on` and `off` stay strings.
    private static let resolver: Resolver = {
        do {
            let bool = try Resolver.Rule(.bool, "^(?:true|True|TRUE|false|False|FALSE)$")
            return Resolver.basic.appending(bool).appending(.int).appending(.float).appending(.null)
        } catch {
            // The pattern above is a constant: a failure here is a programming error.
            preconditionFailure("the boolean pattern does not compile: \(error)")
        }
    }()

    /// The one document in `text`.
    ///
    /// - Throws: ``MOCacheError`` with code `invalid_config`: a syntax error (with its line and column),
    ///   an empty file, or more than one document.
    static func root(_ text: String, source: String) throws -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, resolver)
        } catch let error as YamlError {
            throw MOCacheError(.invalidConfig, "\(source):\(describe(error))", path: source)
        }
        guard let node else {
            throw MOCacheError(.invalidConfig, "\(source): the file is empty; see docs/sweeps.md.", path: source)
        }
        return node
    }

    /// Where a node is, for an error: `sweep.yaml:3:5`.
    static func location(_ node: Node, source: String) -> String {
        guard let mark = node.mark else { return source }
        return "\(source):\(mark.line):\(mark.column)"
    }

    /// A node as JSON.
    ///
    /// - Throws: ``MOCacheError`` with code `invalid_config` naming the place: a key that is not a
    ///   string, a number that is not finite, an alias.
    static func json(_ node: Node, source: String) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return try json(scalar, node: node, source: source)
        case .sequence(let sequence):
            return .array(try sequence.map { try json($0, source: source) })
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                members[try string(key, source: source)] = try json(value, source: source)
            }
            return .object(members)
        case .alias:
            throw MOCacheError(
                .invalidConfig,
                "\(location(node, source: source)): aliases (*name) are not supported; write the value out.",
                path: source)
        }
    }

    /// A node that must be a string: a mapping's key, a name.
    static func string(_ node: Node, source: String) throws -> String {
        guard case .scalar(let scalar) = node else {
            throw MOCacheError(
                .invalidConfig, "\(location(node, source: source)): expected a string here.", path: source)
        }
        return scalar.string
    }

    private static func json(_ scalar: Node.Scalar, node: Node, source: String) throws -> JSONValue {
        guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .null: return .null
        case .bool: return .bool(scalar.string.lowercased() == "true")
        case .int, .float:
            guard let number = node.int.map(Double.init) ?? node.float, number.isFinite else {
                throw MOCacheError(
                    .invalidConfig,
                    "\(location(node, source: source)): \(scalar.string) is not a finite number; "
                        + "quote it to give a string.", path: source)
            }
            return .number(number)
        default: return .string(scalar.string)
        }
    }

    /// A YAML error as `line:column: problem`.
    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text))" } ?? ""
            return "\(mark.line):\(mark.column): \(problem)\(during); fix the YAML there."
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "\(context.mark.line):\(context.mark.column): the key "
                + duplicates.joined(separator: ", ") + " is given twice; keep one."
        case .reader(let problem, let offset, _, _):
            return " \(problem)" + (offset.map { " at byte \($0)" } ?? "") + "; save the file as UTF-8."
        default:
            return " \(error)"
        }
    }
}
