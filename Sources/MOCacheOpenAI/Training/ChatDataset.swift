import Foundation
import MOCacheCore

/// Checking a fine-tuning dataset before it is uploaded: JSONL of chat examples, as the API's chat
/// input format describes, so that a malformed line is found at once, with its number, rather than
/// after an upload and a queued job. Pure functions.
///
/// Each non-blank line is one JSON object with `messages`: a non-empty array of objects, each with a
/// `role` (`system`, `developer`, `user`, `assistant`, `tool` or `function`) and `content` (a string,
/// an array of parts, or `null` for an assistant message that calls tools), and at least one
/// `assistant` message to learn from. Other members (`tools`, `parallel_tool_calls`, `weight`, ...)
/// are left to the service.
enum ChatDataset {
    /// The roles a chat message may have.
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]

    /// Checks `data` and returns how many examples it has.
    ///
    /// - Parameter name: The dataset's file name, for the message.
    /// - Throws: ``MOCacheError`` with code ``MOCacheError/Code/invalidInput`` naming the line and what
    ///   is wrong with it.
    @discardableResult
    static func validate(_ data: Data, name: String) throws -> Int {
        var examples = 0
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
                continue
            }
            if let problem = problem(in: Data(line)) {
                throw MOCacheError(
                    .invalidInput,
                    "\(name) line \(lineNumber): \(problem). A fine-tuning dataset is JSONL of chat examples, one "
                        + #"per line: {"messages": [{"role": "user", "content": "..."}, "#
                        + #"{"role": "assistant", "content": "..."}]}. Nothing was uploaded."#,
                    path: name)
            }
            examples += 1
        }
        guard examples > 0 else {
            throw MOCacheError(
                .invalidInput,
                "\(name) has no examples: a fine-tuning dataset is JSONL of chat examples, one per line. "
                    + "Nothing was uploaded.", path: name)
        }
        return examples
    }

    /// What is wrong with one line, or `nil` when it is a chat example.
    static func problem(in line: Data) -> String? {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: line, options: [.fragmentsAllowed])
        } catch {
            return "not valid JSON"
        }
        guard let object = parsed as? [String: Any] else { return "not a JSON object" }
        guard let value = object["messages"] else { return #"no "messages" member"# }
        guard let messages = value as? [Any], !messages.isEmpty else {
            return #""messages" must be a non-empty array of chat messages"#
        }
        var hasAssistant = false
        for (index, element) in messages.enumerated() {
            guard let message = element as? [String: Any] else { return "messages[\(index)] is not an object" }
            guard let role = message["role"] as? String else { return #"messages[\#(index)] has no "role""# }
            guard roles.contains(role) else {
                return "messages[\(index)] has role \"\(role)\"; roles are "
                    + roles.sorted().joined(separator: ", ")
            }
            let content = message["content"]
            let callsTools = message["tool_calls"] != nil || message["function_call"] != nil
            switch content {
            case is String, is [Any]: break
            case nil, is NSNull:
                if !(role == "assistant" && callsTools) { return #"messages[\#(index)] has no "content""# }
            default:
                return #"messages[\#(index)] has a "content" that is neither a string nor an array"#
            }
            if role == "assistant" { hasAssistant = true }
        }
        return hasAssistant ? nil : "no assistant message to learn from"
    }
}
