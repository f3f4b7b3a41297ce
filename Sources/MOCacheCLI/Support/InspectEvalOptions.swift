import ArgumentParser
import Foundation
import MOCache
import MOCacheInspect

/// The options of `mocache eval --backend inspect`: inspect-ai evals through the `inspect` program.
///
/// Without a command after `--`, `--backend inspect` (or `inspect:NAME`, under its own id) runs each
/// task, `FILE@TASK`, with the real `inspect eval`; see docs/inspect.md.
struct InspectEvalOptions: ParsableArguments {
    /// The id that means the inspect-ai backend when no command is given.
    static let backendID = "inspect"

    /// Whether a backend id without a command means the inspect backend: `inspect` or `inspect:NAME`.
    static func isInspect(_ backend: String) -> Bool {
        backend == backendID || (backend.hasPrefix(backendID + ":") && backend.count > backendID.count + 1)
    }

    @Option(
        name: .customLong("task-arg"),
        help: ArgumentHelp("With --backend inspect: a task argument, passed as -T name=value.", valueName: "k=v"))
    var taskArguments: [String] = []

    @Option(help: ArgumentHelp("With --backend inspect: run at most this many samples of each task.", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("With --backend inspect: run each sample this many times.", valueName: "n"))
    var epochs: Int?

    @Option(
        help: ArgumentHelp(
            "The inspect program (default: MOCACHE_INSPECT, or `inspect` on PATH).", valueName: "path"))
    var inspect: String?

    @Option(
        name: .customLong("inspect-log-dir"),
        help: ArgumentHelp("Keep inspect's logs in this folder (default: deleted once read).", valueName: "dir"))
    var logDirectory: String?

    @Flag(help: "With --backend inspect: an edited task file is not a miss (its hash is left out of the key).")
    var ignoreTaskFileChanges = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more.") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be 1 or more.") }
        _ = try arguments()
    }

    /// Whether any of these options was given, for the error when the backend is not inspect.
    var anyGiven: Bool {
        !taskArguments.isEmpty || limit != nil || epochs != nil || inspect != nil || logDirectory != nil
            || ignoreTaskFileChanges
    }

    /// The task arguments by name.
    func arguments() throws -> [String: JSONValue] {
        try Self.arguments(taskArguments)
    }

    /// Task arguments given as `name=value` (`--task-arg`), by name; values are strings.
    static func arguments(_ texts: [String]) throws -> [String: JSONValue] {
        var arguments: [String: JSONValue] = [:]
        for text in texts {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw ValidationError("--task-arg takes name=value, such as --task-arg count=10; got `\(text)`.")
            }
            let name = String(text[..<equals])
            if arguments[name] != nil { throw ValidationError("--task-arg \(name) is given twice.") }
            arguments[name] = .string(String(text[text.index(after: equals)...]))
        }
        return arguments
    }

    /// The inspect backend: `--inspect`, else `MOCACHE_INSPECT`, else `inspect` on `PATH`, found now so
    /// that a missing program is an error before anything runs.
    ///
    /// - Throws: ``MOCacheError`` saying how to install inspect-ai when the program is not there.
    func backend(id: String, timeout: Duration?, echoOutput: Bool) throws -> InspectEvalBackend {
        let given = inspect ?? ProcessInfo.processInfo.environment["MOCACHE_INSPECT"].flatMap { $0.isEmpty ? nil : $0 }
        let program = try InspectEvalBackend.locate(given ?? "inspect")
        return InspectEvalBackend(
            backendID: id, program: program, logDirectory: logDirectory, timeout: timeout, echoOutput: echoOutput)
    }

    /// One request per task file, in the order the files first appear, each with its file's hash.
    func requests(backend: InspectEvalBackend, modelID: String, tasks: [String]) throws -> [EvalRequest] {
        var files: [String] = []
        var byFile: [String: [String]] = [:]
        for task in tasks {
            let file = try InspectTaskReference(parsing: task).file
            if byFile[file] == nil { files.append(file) }
            byFile[file, default: []].append(task)
        }
        let arguments = try arguments()
        return try files.map { file in
            try backend.request(
                modelID: modelID, tasks: byFile[file] ?? [], taskArguments: arguments, limit: limit, epochs: epochs,
                hashTaskFile: !ignoreTaskFileChanges)
        }
    }
}
