import MOCacheCore

/// The parameters of an inspect-ai eval: the shape of ``EvalRequest/params`` for ``InspectEvalBackend``.
///
/// As JSON (the form that is hashed into each task's key):
/// `{"task_args": {"count": "10"}, "limit": 10, "epochs": 1, "task_file_sha256": "9f2c…"}`, every
/// member optional. `task_file_sha256` is the SHA-256 of the task file's bytes, so that an edited task
/// file is a miss; ``InspectEvalBackend/request(modelID:tasks:taskArguments:limit:epochs:hashTaskFile:)``
/// computes it, and the backend checks it against the file before it runs a task.
public struct InspectEvalParameters: Hashable, Sendable {
    /// The task arguments, passed as `-T name=value` (strings as they are, other values as JSON text,
    /// which inspect reads as YAML).
    public let taskArguments: [String: JSONValue]
    /// How many samples to run (`--limit`); `nil` for all.
    public let limit: Int?
    /// How many times to run each sample (`--epochs`); `nil` for the task's own setting.
    public let epochs: Int?
    /// Lowercase hex SHA-256 of the task file's bytes; `nil` when edits of the file are not to count.
    public let taskFileSHA256: String?

    /// The members the JSON form may have.
    static let members: Set<String> = ["task_args", "limit", "epochs", "task_file_sha256"]

    /// Makes parameters.
    public init(
        taskArguments: [String: JSONValue] = [:], limit: Int? = nil, epochs: Int? = nil, taskFileSHA256: String? = nil
    ) {
        self.taskArguments = taskArguments
        self.limit = limit
        self.epochs = epochs
        self.taskFileSHA256 = taskFileSHA256
    }

    /// Reads the JSON form, strictly: an unknown member or a value of the wrong kind is an error, so that a
    /// misspelled parameter never silently changes nothing but the key.
    ///
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/invalidConfig`` naming the member.
    public init(json: JSONValue) throws {
        guard let object = json.objectValue else {
            throw Self.invalid("$", "must be a JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !Self.members.contains($0) }) {
            throw Self.invalid(
                "$.\(unknown)",
                "is not an inspect eval parameter (the parameters are task_args, limit, epochs and "
                    + "task_file_sha256)")
        }
        var taskArguments: [String: JSONValue] = [:]
        if let value = object["task_args"] {
            guard let arguments = value.objectValue else { throw Self.invalid("$.task_args", "must be an object") }
            taskArguments = arguments
        }
        self.init(
            taskArguments: taskArguments, limit: try Self.count(object["limit"], "limit"),
            epochs: try Self.count(object["epochs"], "epochs"),
            taskFileSHA256: try Self.digest(object["task_file_sha256"]))
    }

    /// The JSON form, with the members that are set.
    public var json: JSONValue {
        var object: [String: JSONValue] = [:]
        if !taskArguments.isEmpty { object["task_args"] = .object(taskArguments) }
        if let limit { object["limit"] = .number(Double(limit)) }
        if let epochs { object["epochs"] = .number(Double(epochs)) }
        if let taskFileSHA256 { object["task_file_sha256"] = .string(taskFileSHA256) }
        return .object(object)
    }

    /// The `-T name=value` arguments, sorted by name.
    var taskArgumentFlags: [String] {
        taskArguments.sorted { $0.key < $1.key }.flatMap { name, value in
            ["-T", "\(name)=\(Self.text(of: value))"]
        }
    }

    /// A task argument's value as inspect's command line takes it.
    static func text(of value: JSONValue) -> String {
        if case .string(let string) = value { return string }
        return value.compactText
    }

    private static func count(_ value: JSONValue?, _ name: String) throws -> Int? {
        guard let value, value != .null else { return nil }
        guard let number = value.doubleValue, number >= 1, number == number.rounded(), number < 1e15 else {
            throw invalid("$.\(name)", "must be a whole number of at least 1")
        }
        return Int(number)
    }

    private static func digest(_ value: JSONValue?) throws -> String? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue, text.count == 64, text.allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else {
            throw invalid("$.task_file_sha256", "must be 64 lowercase hex digits (the SHA-256 of the task file)")
        }
        return text
    }

    private static func invalid(_ path: String, _ problem: String) -> MOCacheError {
        MOCacheError(.invalidConfig, "inspect eval parameters: \(path) \(problem).")
    }
}
