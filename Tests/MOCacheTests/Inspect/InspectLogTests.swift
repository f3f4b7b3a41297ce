import Foundation
import MOCache
import Testing

@testable import MOCacheInspect

/// Reading inspect-ai's JSON log and the backend's parameters: pure functions, tested on logs shaped as
/// inspect-ai 0.3.285 writes them.
@Suite("inspect-ai logs and parameters")
struct InspectLogTests {
    let task = InspectTaskReference(file: "evals/quiz.py", name: "quiz")

    /// A successful log with the given scores, arguments and samples.
    func log(
        status: String = "success",
        scores: JSONValue = [["name": "includes", "metrics": ["accuracy": ["value": 0.4]]]],
        passed: JSONValue = [:], samples: JSONValue = [["id": "q0", "epoch": 1, "error": nil]]
    ) -> JSONValue {
        [
            "status": .string(status), "error": ["message": "RuntimeError: boom"],
            "eval": ["task_args": ["count": 10], "task_args_passed": passed],
            "results": ["completed_samples": 10, "scores": scores], "samples": samples,
        ]
    }

    @Test("metrics by name with one scorer, SCORER/NAME with several; the completed samples")
    func metrics() throws {
        let one = try InspectLog.result(of: log(), task: task, parameters: InspectEvalParameters())
        #expect(one.metrics == ["accuracy": 0.4])
        #expect(one.sampleCount == 10)
        let two = try InspectLog.result(
            of: log(scores: [
                ["name": "includes", "metrics": ["accuracy": ["value": 0.4], "stderr": ["value": 0.1]]],
                ["name": "match", "metrics": ["accuracy": ["value": 0.2]]],
            ]), task: task, parameters: InspectEvalParameters())
        #expect(two.metrics == ["includes/accuracy": 0.4, "includes/stderr": 0.1, "match/accuracy": 0.2])
    }

    @Test("status error (inspect exits 0), a sample that raised, an ignored task argument: each an error")
    func traps() throws {
        #expect {
            try InspectLog.result(of: log(status: "error"), task: task, parameters: InspectEvalParameters())
        } throws: { error in
            "\(error)".contains("status error: RuntimeError: boom")
        }
        #expect {
            try InspectLog.result(
                of: log(samples: [
                    ["id": "q0", "epoch": 1, "error": nil], ["id": "q7", "epoch": 2, "error": ["message": "bad"]],
                ]),
                task: task, parameters: InspectEvalParameters())
        } throws: { error in
            "\(error)".contains(
                "1 sample of the task evals/quiz.py@quiz raised an error (q7 (epoch 2)); the first: bad")
        }
        let asked = InspectEvalParameters(taskArguments: ["count": "4", "colour": "red"])
        #expect {
            try InspectLog.result(of: log(passed: ["count": 4]), task: task, parameters: asked)
        } throws: { error in
            "\(error)".contains(
                "does not take the argument colour (inspect would ignore it silently): it takes only count")
        }
        #expect(
            try InspectLog.result(of: log(passed: ["count": 4, "colour": "red"]), task: task, parameters: asked).metrics
                == ["accuracy": 0.4])
    }

    @Test("the log's location from the last line of --json output")
    func location() throws {
        let output = """
            {"event": "launch", "run_id": "r"}
            {"event": "done", "run_id": "r", "logs": [{"task": "quiz", "status": "success", "location": "/l/a.json"}]}

            """
        #expect(try InspectLog.location(fromOutput: output, task: task) == "/l/a.json")
        #expect(throws: MOCacheError.self) { try InspectLog.location(fromOutput: "not json\n", task: task) }
    }

    @Test("parameters: their JSON form round trips; an unknown member or a bad value is an error")
    func parameters() throws {
        let parameters = InspectEvalParameters(
            taskArguments: ["count": "4", "shuffle": true], limit: 5, epochs: 2,
            taskFileSHA256: String(repeating: "ab", count: 32))
        #expect(try InspectEvalParameters(json: parameters.json) == parameters)
        #expect(parameters.taskArgumentFlags == ["-T", "count=4", "-T", "shuffle=true"])
        #expect(throws: MOCacheError.self) { try InspectEvalParameters(json: ["limits": 5]) }
        #expect(throws: MOCacheError.self) { try InspectEvalParameters(json: ["limit": 0]) }
        #expect(throws: MOCacheError.self) { try InspectEvalParameters(json: ["task_file_sha256": "abc"]) }
        #expect(throws: MOCacheError.self) { try InspectTaskReference(parsing: "quiz.py") }
        #expect(try InspectTaskReference(parsing: "a@b.py@quiz") == InspectTaskReference(file: "a@b.py", name: "quiz"))
    }
}
