import Foundation
import MOCache
import Testing

@testable import MOCacheOpenAI

@Suite("Chat dataset check before upload")
struct ChatDatasetTests {
    func problem(_ text: String) -> String? {
        do {
            try ChatDataset.validate(Data(text.utf8), name: "data.jsonl")
            return nil
        } catch let error as MOCacheError {
            #expect(error.code == .invalidInput)
            #expect(error.path == "data.jsonl")
            return error.message
        } catch {
            Issue.record("unexpected \(error)")
            return "\(error)"
        }
    }

    @Test("JSONL of chat examples passes, blank lines and a missing final newline included")
    func valid() throws {
        #expect(problem(ChatData.examples) == nil)
        #expect(try ChatDataset.validate(Data(ChatData.examples.utf8), name: "d") == 3)
        let toolCall = """
            {"messages": [{"role": "user", "content": "weather?"}, \
            {"role": "assistant", "content": null, "tool_calls": [{"id": "1"}]}, \
            {"role": "tool", "content": "sunny"}, {"role": "assistant", "content": [{"type": "text", "text": "Sunny."}]}]}
            """
        #expect(problem("\n" + toolCall + "\n\n  \n" + toolCall) == nil)
    }

    @Test("The first bad line is named, with what is wrong with it")
    func invalid() {
        let good = #"{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}"#
        let cases: [(String, String)] = [
            (#"{"text": "hello"}"#, #"line 2: no "messages" member"#),
            ("not json", "line 2: not valid JSON"),
            ("[1, 2]", "line 2: not a JSON object"),
            (#"{"messages": []}"#, #"line 2: "messages" must be a non-empty array"#),
            (#"{"messages": [{"role": "bot", "content": "x"}]}"#, #"line 2: messages[0] has role "bot""#),
            (#"{"messages": [{"content": "x"}]}"#, #"line 2: messages[0] has no "role""#),
            (#"{"messages": [{"role": "user"}]}"#, #"line 2: messages[0] has no "content""#),
            (#"{"messages": [{"role": "user", "content": 3}]}"#, "neither a string nor an array"),
            (#"{"messages": [{"role": "user", "content": "x"}]}"#, "line 2: no assistant message to learn from"),
        ]
        for (line, expected) in cases {
            let message = problem(good + "\n" + line + "\n" + good + "\n")
            #expect(
                message?.contains("data.jsonl " + expected) == true || message?.contains(expected) == true,
                "\(line): \(message ?? "passed")")
            #expect(message?.contains("Nothing was uploaded") == true)
        }
        #expect(problem("\n \n")?.contains("no examples") == true)
    }
}
