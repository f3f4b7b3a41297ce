import MOCacheCore

/// One inspect-ai task as mocache names it: `FILE@NAME`, the file that defines it and the name of its
/// `@task` function, as `inspect eval` takes it.
///
/// The text is the task's name in the cache keys, exactly as given: `evals/quiz.py@quiz` and
/// `./evals/quiz.py@quiz` are two tasks to the store.
///
/// ```swift
/// let task = try InspectTaskReference(parsing: "evals/quiz.py@quiz")
/// print(task.file, task.name)  // evals/quiz.py quiz
/// ```
public struct InspectTaskReference: Hashable, Sendable, CustomStringConvertible {
    /// The task file, such as `evals/quiz.py`, relative to the backend's working directory.
    public let file: String
    /// The name of the task in the file, such as `quiz`.
    public let name: String

    /// Reads `FILE@NAME`, split at the last `@`.
    ///
    /// - Throws: ``MOCacheError`` with ``MOCacheError/Code/invalidInput`` when the text has no `@`, or
    ///   nothing before or after it.
    public init(parsing text: String) throws {
        guard let at = text.lastIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex
        else {
            throw MOCacheError(
                .invalidInput,
                "The inspect task `\(text)` must be given as FILE@TASK, such as evals/quiz.py@quiz: the file "
                    + "that defines the task and the name of its @task function.")
        }
        self.init(file: String(text[..<at]), name: String(text[text.index(after: at)...]))
    }

    /// Makes a reference from its two parts.
    public init(file: String, name: String) {
        self.file = file
        self.name = name
    }

    /// `FILE@NAME`, as `inspect eval` takes it and as the cache keys name the task.
    public var description: String { "\(file)@\(name)" }
}
