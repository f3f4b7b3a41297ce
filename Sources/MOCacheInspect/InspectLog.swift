import MOCacheCore

/// Reading what `inspect eval --json --log-format json` leaves behind: pure functions of its output.
///
/// inspect-ai 0.3.285 exits 0 when a task ends with status `error`, ignores a `-T` argument the task does
/// not take, and counts a run whose samples raised as a success (with `--no-fail-on-error`): so the log
/// is read, never the exit code alone, and a task is only a result when it ran all its samples with the
/// arguments it was given.
enum InspectLog {
    /// The location of the log of one task, from the last line of `inspect eval --json`'s standard output:
    /// `{"event": "done", "logs": [{"task": …, "location": …}, …]}`.
    ///
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/jobFailed`` when there is no such line or no log.
    static func location(fromOutput output: String, task: InspectTaskReference) throws -> String {
        let lines = output.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
        guard let last = lines.last, let done = try? JSONValue(parsing: last), done["event"] == .string("done")
        else {
            throw MOCacheError(
                .jobFailed,
                "`inspect eval \(task)` ended without its closing {\"event\": \"done\"} line on standard output, so "
                    + "its log cannot be found. Check that the inspect program is inspect-ai 0.3.285 or later.")
        }
        let logs = done["logs"]?.arrayValue ?? []
        let mine = logs.first { $0["task"]?.stringValue == task.name } ?? (logs.count == 1 ? logs.first : nil)
        guard let location = mine?["location"]?.stringValue, !location.isEmpty else {
            throw MOCacheError(.jobFailed, "`inspect eval \(task)` wrote no log for the task \(task.name).")
        }
        return location
    }

    /// The task's result from its log: its metrics and sample count.
    ///
    /// Metrics are `.results.scores[].metrics.NAME.value`, named `NAME` when the task has one scorer and
    /// `SCORER/NAME` when it has several.
    ///
    /// - Parameters:
    ///   - log: The log, parsed.
    ///   - task: The task that was asked for.
    ///   - parameters: The parameters it was asked with: every task argument must have reached the task.
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/jobFailed`` when the task did not succeed or a
    ///   sample raised, and ``MOCacheError/Code/invalidInput`` when the task does not take an argument.
    static func result(of log: JSONValue, task: InspectTaskReference, parameters: InspectEvalParameters) throws
        -> EvalTaskResult
    {
        let status = log["status"]?.stringValue ?? "missing"
        guard status == "success" else {
            let message = log["error"]?["message"]?.stringValue ?? "no error message in the log"
            throw MOCacheError(.jobFailed, "inspect ended the task \(task) with status \(status): \(message)")
        }
        let passed = log["eval"]?["task_args_passed"]?.objectValue ?? [:]
        let ignored = parameters.taskArguments.keys.filter { passed[$0] == nil }.sorted()
        if !ignored.isEmpty {
            let taken = (log["eval"]?["task_args"]?.objectValue ?? [:]).keys.sorted()
            let list = taken.isEmpty ? "no arguments" : "only " + taken.joined(separator: ", ")
            throw MOCacheError(
                .invalidInput,
                "The task \(task) does not take the argument\(ignored.count == 1 ? "" : "s") "
                    + "\(ignored.joined(separator: ", ")) (inspect would ignore it silently): it takes \(list). "
                    + "Check the names given with -T / --task-arg.")
        }
        let failed = (log["samples"]?.arrayValue ?? []).filter { ($0["error"] ?? .null) != .null }
        if let first = failed.first {
            let ids = failed.prefix(5).map { sampleName($0) }.joined(separator: ", ")
            let message = first["error"]?["message"]?.stringValue ?? "no message"
            throw MOCacheError(
                .jobFailed,
                "\(failed.count) sample\(failed.count == 1 ? "" : "s") of the task \(task) raised an error "
                    + "(\(ids)\(failed.count > 5 ? ", …" : "")); the first: \(message). The task is not stored: its "
                    + "metrics would leave those samples out. Fix the cause and run it again.")
        }
        guard let results = log["results"], let scores = results["scores"]?.arrayValue else {
            throw MOCacheError(.jobFailed, "inspect's log of the task \(task) has no results.")
        }
        var metrics: [String: Double] = [:]
        for score in scores {
            let scorer = score["name"]?.stringValue ?? "score"
            for (name, metric) in score["metrics"]?.objectValue ?? [:] {
                guard let value = metric["value"]?.doubleValue, value.isFinite else { continue }
                metrics[scores.count == 1 ? name : "\(scorer)/\(name)"] = value
            }
        }
        let completed = results["completed_samples"]?.doubleValue.map { Int($0) }
        return EvalTaskResult(metrics: metrics, sampleCount: completed)
    }

    /// A sample's id and epoch, for messages.
    static func sampleName(_ sample: JSONValue) -> String {
        let id = sample["id"].map { $0.stringValue ?? $0.compactText } ?? "?"
        let epoch = sample["epoch"]?.doubleValue.map { " (epoch \(Int($0)))" } ?? ""
        return id + epoch
    }
}
